// SPDX-License-Identifier: LGPL-2.1-or-later
// EditFile, runEditor, readBack, askReedit: the temporary file, the editor and the question of
// iface-edit, with virsh's names, steps and messages.
#include "editor_session.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "echo_text.h"
#include "file_read.h"

extern char** environ;

namespace ifkit::cli {
namespace {

// An editor named only with these runs without a shell; the file name must then be made of
// them too, or it would reach the shell unquoted.
constexpr std::string_view kAcceptedChars =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/_.:@";
constexpr const char* kDefaultEditor = "vi";

bool onlyAccepted(std::string_view s) {
  return s.find_first_not_of(kAcceptedChars) == std::string_view::npos;
}

// Where libvirt's virFindFileInPath would find `name`: a name with a slash as it is, else the
// first executable regular file of that name along PATH (/bin:/usr/bin when PATH is unset).
std::optional<std::string> findProgram(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* env = std::getenv("PATH");
  const std::string path = env != nullptr ? env : "/bin:/usr/bin";
  std::size_t begin = 0;
  for (;;) {
    const std::size_t end = path.find(':', begin);
    const std::string dir = path.substr(begin, end == std::string::npos ? end : end - begin);
    if (!dir.empty() && !name.empty()) {
      const std::string candidate = dir + "/" + name;
      struct stat st;
      if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
          ::access(candidate.c_str(), X_OK) == 0)
        return candidate;
    }
    if (end == std::string::npos) return std::nullopt;
    begin = end + 1;
  }
}

// How libvirt names a finished child in its error: "exit status 1", "fatal signal 9".
std::string describeStatus(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "fatal signal " + std::to_string(WTERMSIG(status));
  return "invalid value " + std::to_string(status);
}

// Restores the terminal's settings when the question is over, however it ends.
class RawTerminal {
 public:
  static std::optional<RawTerminal> enter() {
    struct termios saved;
    if (::tcgetattr(STDIN_FILENO, &saved) < 0) return std::nullopt;
    struct termios raw = saved;
    ::cfmakeraw(&raw);
    if (::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) < 0) return std::nullopt;
    return RawTerminal(saved);
  }
  RawTerminal(RawTerminal&& other) noexcept : saved_(other.saved_), active_(other.active_) {
    other.active_ = false;
  }
  RawTerminal& operator=(RawTerminal&&) = delete;
  ~RawTerminal() {
    // Best effort: if the terminal is gone there is nothing left to restore.
    if (active_) (void)::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }

 private:
  explicit RawTerminal(const struct termios& saved) : saved_(saved) {}
  struct termios saved_;
  bool active_ = true;
};

}  // namespace

std::optional<EditFile> EditFile::create(Session& s, std::string_view text) {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string path = std::string(tmpdir != nullptr ? tmpdir : "/tmp") + "/virshXXXXXX.xml";
  const int fd = ::mkostemps(path.data(), 4, O_CLOEXEC);  // 4: keep ".xml"; mode 0600
  if (fd < 0) {
    s.error(std::string("g_mkstemp_full: failed to create temporary file: ") +
            std::strerror(errno));
    return std::nullopt;
  }
  EditFile file(path);  // from here on the file is removed on every path out
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      (void)::close(fd);  // the write already failed; that is the error to report
      s.error("write: " + path + ": failed to write to temporary file: " + std::strerror(err));
      return std::nullopt;
    }
    done += std::size_t(n);
  }
  if (::close(fd) < 0) {
    s.error("close: " + path +
            ": failed to write or close temporary file: " + std::strerror(errno));
    return std::nullopt;
  }
  return file;
}

EditFile::~EditFile() {
  // Best effort, as virsh: a leftover temporary file is not worth failing the command over.
  if (!path_.empty()) (void)::unlink(path_.c_str());
}

bool runEditor(Session& s, const std::string& path) {
  const char* editor = std::getenv("VISUAL");
  if (editor == nullptr) editor = std::getenv("EDITOR");
  if (editor == nullptr) editor = kDefaultEditor;

  std::vector<std::string> args;
  if (onlyAccepted(editor)) {
    args = {editor, path};
  } else {
    if (!onlyAccepted(path)) {
      s.error(path +
              ": temporary filename contains shell meta or other unacceptable characters (is "
              "$TMPDIR wrong?)");
      return false;
    }
    args = {"sh", "-c", std::string(editor) + " " + path};
  }
  // libvirt names the command in its errors the way a shell would read it back.
  std::string commandLine;
  for (const std::string& a : args) {
    if (!commandLine.empty()) commandLine += ' ';
    commandLine += quoteForShell(a);
  }

  const std::optional<std::string> binary = findProgram(args[0]);
  if (!binary) {
    s.error("Cannot find '" + args[0] + "' in path: " + std::strerror(ENOENT));
    return false;
  }

  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // ifkit ignores SIGPIPE for itself; the editor gets the default back, as libvirt's children
  // get all signal dispositions reset.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  std::fflush(nullptr);
  pid_t pid = -1;
  const int spawnErr = ::posix_spawn(&pid, binary->c_str(), nullptr, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);

  int status = 0;
  if (spawnErr != 0) {
    // libvirt's child reports a failed exec itself, with libvirt's default error format, and
    // exits 127 (no such file) or 126; the parent then reports that exit status.
    std::fprintf(stderr, "libvirt:  error : cannot execute binary %s: %s\n", args[0].c_str(),
                 std::strerror(spawnErr));
    std::fflush(stderr);
    status = (spawnErr == ENOENT ? 127 : 126) << 8;
  } else {
    while (::waitpid(pid, &status, 0) < 0) {
      if (errno != EINTR) {
        s.error(std::string("Cannot wait for child process: ") + std::strerror(errno));
        return false;
      }
    }
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  s.error(makeError(ErrorNumber::InternalError, ErrorDomain::None,
                    "Child process (" + commandLine + ") unexpected " + describeStatus(status))
              .message);
  return false;
}

std::optional<std::string> readBack(Session& s, const std::string& path) {
  auto text = readFile(path);
  if (!text) {
    s.error(path + ": failed to read temporary file: " + std::strerror(text.error().sysErrno));
    s.setFailure(text.error());
    return std::nullopt;
  }
  return std::move(text).value();
}

std::optional<char> askReedit(Session& s, std::string_view msg,
                              const std::optional<Error>& reason) {
  if (!::isatty(STDIN_FILENO)) return std::nullopt;
  if (reason) s.error(reason->message);
  auto raw = RawTerminal::enter();
  if (!raw) return std::nullopt;
  char answer = 'n';
  for (;;) {
    // Appended: GCC 12 takes `"literal" + std::string` for an overlapping copy (-Wrestrict).
    s.print(std::string("\r").append(msg).append(" Try again? [y,n,f,?]: "));
    s.flush();
    const int c = std::getchar();
    // virsh asks again forever at the end of input; ifkit takes it as "no".
    if (c == EOF) break;
    const int lower = std::tolower(static_cast<unsigned char>(c));
    if (lower == '?') {
      s.print("\r\n");
      s.print("y - yes, start editor again\r\n");
      s.print("n - no, throw away my changes\r\n");
      s.print("f - force, try to redefine again\r\n");
      s.print("? - print this help\r\n");
      continue;
    }
    if (lower == 'y' || lower == 'n' || lower == 'f') {
      answer = char(lower);
      break;
    }
  }
  raw.reset();
  s.print("\r\n");
  return answer;
}

}  // namespace ifkit::cli
