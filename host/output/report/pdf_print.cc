#include "pdf_print.hh"

#include <fmt/format.h>
#include <spawn.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "atomic_file.hh"
#include "diagnostics.hh"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX leaves its declaration to the program

namespace chokepoint::report {

namespace fs = std::filesystem;

namespace {

/// The A4 page's printable width (210 mm less 2 x 14 mm of margin) in CSS
/// pixels: the window is this wide, so the charts are laid out at the size
/// they print at (headless printing does not send `beforeprint`).
constexpr int kPrintWidthPx = 688;
constexpr int kPrintHeightPx = 1000;
/// Milliseconds of virtual time for the scripts to draw every chart.
constexpr int kDrawBudgetMs = 10000;

bool executable(const fs::path& p) { return ::access(p.c_str(), X_OK) == 0 && fs::is_regular_file(p); }

/// A scratch folder removed when it goes out of scope.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::string pattern = (fs::temp_directory_path() / "chokepoint-pdf-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw OutputError(fmt::format("cannot create a scratch folder in {} to print the PDF",
                                    fs::temp_directory_path().string()));
    }
    path_ = pattern;
  }
  ~ScratchFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  ScratchFolder(ScratchFolder&&) = delete;
  ScratchFolder& operator=(ScratchFolder&&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string tail_of(const fs::path& log) {
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  constexpr std::size_t kShown = 600;
  return all.size() > kShown ? "..." + all.substr(all.size() - kShown) : all;
}

/// Run `argv` with stdout and stderr into `log`; its exit status (-1 if it
/// could not start or was killed).
int run(const std::vector<std::string>& argv, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));  // NOLINT: the POSIX API
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return -1;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

std::optional<std::string> find_chromium() {
  if (const char* chosen = std::getenv("CHOKEPOINT_CHROMIUM"); chosen != nullptr && *chosen != '\0') {
    return executable(chosen) ? std::optional<std::string>(chosen) : std::nullopt;
  }
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    std::stringstream dirs(path);
    for (std::string dir; std::getline(dirs, dir, ':');) {
      if (!dir.empty() && executable(fs::path(dir) / name)) return (fs::path(dir) / name).string();
    }
  }
  return std::nullopt;
}

void print_pdf(const std::string& html, const std::string& pdf_path) {
  const std::optional<std::string> chromium = find_chromium();
  if (!chromium) {
    const char* chosen = std::getenv("CHOKEPOINT_CHROMIUM");
    throw OutputError(fmt::format(
        "{}: cannot print a PDF: {}. PDF reports are printed by headless Chromium (Debian package chromium; or set "
        "CHOKEPOINT_CHROMIUM to a Chromium or Chrome binary). Without it, write the HTML report (--format html) "
        "and print it from any browser: it has a print stylesheet for A4.",
        pdf_path,
        chosen != nullptr && *chosen != '\0'
            ? fmt::format("CHOKEPOINT_CHROMIUM={} is not an executable file", chosen)
            : std::string("no chromium, chromium-browser or google-chrome on PATH")));
  }
  const ScratchFolder scratch;
  const fs::path page = scratch.path() / "report.html";
  const fs::path printed = scratch.path() / "report.pdf";
  const fs::path log = scratch.path() / "chromium.log";
  write_file_atomically(page.string(), html);
  // Offline like the report itself: every host name fails to resolve and
  // every request goes to a closed port.
  const std::vector<std::string> argv = {*chromium,
                                         "--headless",
                                         "--no-sandbox",
                                         "--disable-gpu",
                                         "--no-first-run",
                                         "--disable-background-networking",
                                         "--disable-component-update",
                                         "--disable-sync",
                                         "--disable-extensions",
                                         "--host-resolver-rules=MAP * ~NOTFOUND",
                                         "--proxy-server=http://127.0.0.1:9",
                                         "--user-data-dir=" + (scratch.path() / "profile").string(),
                                         fmt::format("--window-size={},{}", kPrintWidthPx, kPrintHeightPx),
                                         fmt::format("--virtual-time-budget={}", kDrawBudgetMs),
                                         "--no-pdf-header-footer",
                                         "--print-to-pdf=" + printed.string(),
                                         "file://" + page.string()};
  const int status = run(argv, log);
  if (status != 0 || !fs::exists(printed) || fs::file_size(printed) == 0) {
    throw OutputError(fmt::format("{}: {} could not print the report (exit status {}): {}", pdf_path, *chromium,
                                  status, tail_of(log)));
  }
  std::ifstream in(printed, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  write_file_atomically(pdf_path, bytes.str());
}

}  // namespace chokepoint::report
