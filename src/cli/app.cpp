#include "cli/app.h"

#include "cli/build_command.h"
#include "cli/disasm_command.h"
#include "cli/doc_command.h"
#include "cli/help_command.h"
#include "cli/init_command.h"
#include "cli/lamp_command.h"
#include "cli/run_command.h"
#include "cli/test_command.h"
#include "cli/version.h"

namespace microvm::cli {

const char* version_string() { return "microvm " MICROVM_VERSION " (commit " MICROVM_COMMIT ")"; }

void build_app(CLI::App& app, std::function<int()>& action) {
  app.set_version_flag("--version", version_string());
  app.require_subcommand(1);
  add_run_command(app, action);
  add_init_command(app, action);
  add_build_command(app, action);
  add_test_command(app, action);
  add_lamp_commands(app, action);
  add_disasm_command(app, action);
  add_doc_command(app, action);
  add_help_command(app, action);
}

}  // namespace microvm::cli
