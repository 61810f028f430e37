#include "cli/doc_command.h"

#include <fmt/format.h>

#include <memory>
#include <sstream>

#include "cli/app.h"
#include "cli/help_command.h"
#include "cli/lampvm_options.h"
#include "core/error.h"

namespace microvm::cli {
namespace {

// roff: backslashes and hyphens escaped, and a line never starts with a control character.
std::string roff(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

bool takes_value(const CLI::Option* opt) { return opt->get_expected_min() > 0; }

// "-k, --kernel" as the option's names; help and version flags included.
std::vector<std::string> option_names(const CLI::Option* opt) {
  std::vector<std::string> names;
  for (const std::string& s : opt->get_snames()) names.push_back("-" + s);
  for (const std::string& l : opt->get_lnames()) names.push_back("--" + l);
  return names;
}

std::vector<const CLI::Option*> named_options(const CLI::App& app) {
  std::vector<const CLI::Option*> list;
  for (const CLI::Option* opt : app.get_options()) {
    if (!opt->get_lnames().empty() || !opt->get_snames().empty()) list.push_back(opt);
  }
  return list;
}

std::vector<const CLI::App*> visible_commands(const CLI::App& app) {
  std::vector<const CLI::App*> list;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (!sub->get_group().empty()) list.push_back(sub);
  }
  return list;
}

// Words a shell may complete after an option, when its values are a fixed set.
std::string value_words(const CLI::Option* opt) {
  const std::string& name = opt->get_lnames().empty() ? std::string() : opt->get_lnames().front();
  if (name == "bios") return "none builtin";
  if (name == "stdin") return "uart virtio auto";
  if (name == "net") return "user none";
  return "";
}

bool takes_file(const CLI::Option* opt) {
  const std::string desc = opt->get_description();
  return opt->get_type_name() == "TEXT" && value_words(opt).empty() &&
         (desc.find("file") != std::string::npos || desc.find("File") != std::string::npos ||
          desc.find("FILE") != std::string::npos || desc.find("image") != std::string::npos ||
          desc.find("binary") != std::string::npos || desc.find("Kernel") != std::string::npos ||
          desc.find("disk") != std::string::npos || desc.find("blob") != std::string::npos);
}

void man_options(std::string& out, const CLI::App& app) {
  for (const CLI::Option* opt : named_options(app)) {
    out += ".TP\n";
    std::string head;
    for (const std::string& n : option_names(opt))
      head += (head.empty() ? "" : ", ") + fmt::format("\\fB{}\\fR", roff(n));
    if (takes_value(opt)) head += fmt::format(" \\fI{}\\fR", takes_file(opt) ? "FILE" : "VALUE");
    out += head + "\n";
    std::string help = opt->get_description();
    if (!opt->get_default_str().empty()) help += fmt::format(" (default: {})", opt->get_default_str());
    out += roff(help) + "\n";
  }
}

}  // namespace

std::string man_page(const CLI::App& app) {
  std::string out;
  out += fmt::format(".TH MICROVM 1 \"\" \"{}\" \"User Commands\"\n", roff(version_string()));
  out += ".SH NAME\nmicrovm \\- a lightweight system emulator and OS\\-development playground\n";
  out += ".SH SYNOPSIS\n.B microvm\n.I command\n[\\fIoptions\\fR]\n";
  out += ".SH DESCRIPTION\n" + roff(app.get_description()) + "\n";
  out +=
      ".PP\nmicrovm emulates a RISC\\-V RV64GC machine compatible with QEMU's \\fBvirt\\fR board "
      "(bare\\-metal M\\-mode kernels, S\\-mode kernels on a built\\-in SBI or OpenSBI, Linux), and "
      "the LampVM \"Polaris\" 32\\-bit machine.\n";
  out += ".SH OPTIONS\n";
  man_options(out, app);
  out += ".SH COMMANDS\n";
  for (const CLI::App* sub : visible_commands(app)) {
    out += fmt::format(".SS \"microvm {} [options]\"\n{}\n", roff(sub->get_name()),
                       roff(sub->get_description()));
    man_options(out, *sub);
  }
  // The same text `microvm help TOPIC` prints, so the page and the command cannot drift apart.
  out += ".SH TOPICS\n";
  for (const HelpTopic& topic : help_topics()) {
    out += fmt::format(".SS {}\n.nf\n", topic.name);
    std::istringstream lines(topic.text);
    for (std::string line; std::getline(lines, line);) out += roff(line) + "\n";
    out += ".fi\n";
  }
  out +=
      ".SH CONSOLE\nThe guest's UART is the terminal. \\fBCtrl\\-A x\\fR quits, \\fBCtrl\\-A h\\fR shows "
      "the escapes, \\fBCtrl\\-A a\\fR sends a Ctrl\\-A to the guest.\n";
  out +=
      ".SH EXIT STATUS\n0 when the guest powered off cleanly; the guest's code when it reported a "
      "failure; 124 after \\-\\-timeout\\-secs; 125 at \\-\\-max\\-insns; 2 for a usage error; 1 for "
      "any other error.\n";
  out +=
      ".SH EXAMPLES\n.nf\nmicrovm run \\-\\-example minimal\\-kernel\nmicrovm run \\-\\-kernel kernel.elf\n"
      "microvm run \\-\\-kernel Image \\-\\-initrd initramfs.cpio.gz \\-\\-cmdline console=ttyS0\n.fi\n";
  out += ".SH SEE ALSO\n\\fBlampvm\\fR(1), \\fBqemu\\-system\\-riscv64\\fR(1)\n";
  return out;
}

std::string lampvm_man_page() {
  std::string out;
  out += fmt::format(".TH LAMPVM 1 \"\" \"{}\" \"User Commands\"\n", roff(version_string()));
  out += ".SH NAME\nlampvm \\- the LampVM \"Polaris\" machine with the original command line\n";
  out +=
      ".SH SYNOPSIS\n.B lampvm\n[\\fB\\-\\-bin\\fR \\fIFILE\\fR] [\\fB\\-\\-smp\\fR \\fIN\\fR] "
      "[\\fB\\-\\-selftest\\fR]\n";
  out +=
      ".SH DESCRIPTION\nRuns a LampVM binary as the original LampVM did, with ./disk.img in the "
      "current directory as its disk (created when missing). \\fBmicrovm lamp\\fR runs the same "
      "machine with more options.\n.SH OPTIONS\n";
  for (const LampvmOption& o : kLampvmOptions) {
    out += fmt::format(".TP\n\\fB{}\\fR{}\n{}\n", roff(std::string(o.name)),
                       o.value.empty() ? "" : fmt::format(" \\fI{}\\fR", o.value), roff(std::string(o.help)));
  }
  out += ".SH SEE ALSO\n\\fBmicrovm\\fR(1)\n";
  return out;
}

std::string bash_completion(const CLI::App& app) {
  std::string out = "# bash completion for microvm (generated by `microvm gen-doc bash`)\n_microvm() {\n";
  out += "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n";
  std::string commands;
  for (const CLI::App* sub : visible_commands(app))
    commands += (commands.empty() ? "" : " ") + sub->get_name();
  out += fmt::format(
      "  if ((COMP_CWORD == 1)); then\n    COMPREPLY=($(compgen -W \"{} --help --version\" -- \"$cur\"))\n"
      "    return\n  fi\n  case ${{COMP_WORDS[1]}} in\n",
      commands);
  for (const CLI::App* sub : visible_commands(app)) {
    std::string words, files, values;
    for (const CLI::Option* opt : named_options(*sub)) {
      for (const std::string& n : option_names(opt)) {
        words += (words.empty() ? "" : " ") + n;
        if (takes_file(opt)) files += (files.empty() ? "" : "|") + n;
        if (!value_words(opt).empty())
          values += fmt::format("      {}) COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")); return ;;\n", n,
                                value_words(opt));
      }
    }
    out += fmt::format("    {})\n      case $prev in\n{}", sub->get_name(), values);
    if (!files.empty())
      out += fmt::format("      {}) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", files);
    out += fmt::format("      esac\n      COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")) ;;\n", words);
  }
  out += "  esac\n}\ncomplete -o default -F _microvm microvm\n";
  return out;
}

std::string zsh_completion(const CLI::App& app) {
  // zsh _arguments specs: '(--kernel -k)'{--kernel,-k}'[help]:value:_files'
  auto spec_text = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == '\'') {
        out += "'\\''";
      } else if (c == '[' || c == ']' || c == ':') {
        out += '\\';
        out += c;
      } else {
        out += c;
      }
    }
    return out;
  };
  std::string out = "#compdef microvm\n# zsh completion for microvm (generated by `microvm gen-doc zsh`)\n\n";
  out += "_microvm() {\n  local -a commands\n  commands=(\n";
  for (const CLI::App* sub : visible_commands(app))
    out += fmt::format("    '{}:{}'\n", sub->get_name(), spec_text(sub->get_description()));
  out += "  )\n  if (( CURRENT == 2 )); then\n    _describe command commands\n    return\n  fi\n";
  out += "  case $words[2] in\n";
  for (const CLI::App* sub : visible_commands(app)) {
    out += fmt::format("    {})\n      _arguments \\\n", sub->get_name());
    for (const CLI::Option* opt : named_options(*sub)) {
      std::string action;
      if (takes_value(opt)) {
        if (!value_words(opt).empty()) {
          action = fmt::format(":value:({})", value_words(opt));
        } else {
          action = takes_file(opt) ? ":file:_files" : ":value: ";
        }
      }
      for (const std::string& n : option_names(opt)) {
        out += fmt::format("        '{}[{}]{}' \\\n", n, spec_text(opt->get_description()), action);
      }
    }
    out += "        ;;\n";
  }
  out += "  esac\n}\n\n_microvm \"$@\"\n";
  return out;
}

void add_doc_command(CLI::App& app, std::function<int()>& action) {
  auto what = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("gen-doc", "Print the man page or a shell completion script");
  cmd->group("");  // for the build, not for users
  cmd->add_option("what", *what, "man, lampvm-man, bash or zsh")->required();
  cmd->callback([what, &action, &app] {
    action = [what, &app] {
      if (*what == "man") {
        fmt::print("{}", man_page(app));
      } else if (*what == "lampvm-man") {
        fmt::print("{}", lampvm_man_page());
      } else if (*what == "bash") {
        fmt::print("{}", bash_completion(app));
      } else if (*what == "zsh") {
        fmt::print("{}", zsh_completion(app));
      } else {
        throw user_error("gen-doc {}: expected man, lampvm-man, bash or zsh", *what);
      }
      return 0;
    };
  });
}

}  // namespace microvm::cli
