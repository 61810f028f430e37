#include "cli/junit.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <ctime>

namespace microvm::cli {
namespace {

// The length of the valid UTF-8 sequence at s[i], or 0.
size_t utf8_length(const std::string& s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return 0;
  }
  return n;
}

std::string timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  return buffer;
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    const size_t n = utf8_length(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not UTF-8
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(text, i, n);
      i += n;
      continue;
    }
    ++i;
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n':
      case '\t': out += c; break;
      default:
        // XML 1.0 allows no other control characters, not even escaped.
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string junit_xml(const std::vector<FinishedRun>& runs, double total_seconds) {
  std::vector<std::string> suites;
  for (const FinishedRun& f : runs) {
    if (std::find(suites.begin(), suites.end(), f.run->test->suite) == suites.end())
      suites.push_back(f.run->test->suite);
  }
  size_t failures = 0;
  for (const FinishedRun& f : runs) failures += f.result.passed() ? 0 : 1;
  char host[256] = "localhost";
  gethostname(host, sizeof host - 1);

  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format(
      "<testsuites name=\"microvm test\" tests=\"{}\" failures=\"{}\" errors=\"0\" time=\"{:.3f}\">\n",
      runs.size(), failures, total_seconds);
  const std::string when = timestamp();
  for (const std::string& suite : suites) {
    size_t tests = 0, failed = 0;
    double seconds = 0;
    for (const FinishedRun& f : runs) {
      if (f.run->test->suite != suite) continue;
      ++tests;
      failed += f.result.passed() ? 0 : 1;
      seconds += f.result.seconds;
    }
    xml += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" time=\"{:.3f}\" "
        "timestamp=\"{}\" hostname=\"{}\">\n",
        xml_escape(suite), tests, failed, seconds, when, xml_escape(host));
    for (const FinishedRun& f : runs) {
      if (f.run->test->suite != suite) continue;
      xml += fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"{:.3f}\">\n",
                         xml_escape(f.run->display_name), xml_escape(suite), f.result.seconds);
      if (!f.result.passed()) {
        xml += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                           xml_escape(f.result.failure), f.result.failure_type,
                           xml_escape(f.result.failure + "\n\n" + f.result.log));
      }
      xml += fmt::format("      <system-out>{}</system-out>\n", xml_escape(f.result.output));
      xml += "    </testcase>\n";
    }
    xml += "  </testsuite>\n";
  }
  xml += "</testsuites>\n";
  return xml;
}

}  // namespace microvm::cli
