// SPDX-License-Identifier: LGPL-2.1-or-later
// parseCommands: bind each command's words to its options, positional and named.
#include "option_parser.h"

#include <cstdint>
#include <string>

namespace ifkit::cli {
namespace {

// Every command accepts --help, which asks for the command's help instead of running it.
constexpr OptDef kHelpOpt{"help", OptType::Bool, false, ""};

bool takesPosition(OptType type) {
  return type == OptType::Int || type == OptType::Data || type == OptType::Argv;
}

bool isAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The state of one command being parsed.
struct CommandParse {
  const CommandDef* def;
  std::vector<bool> seen;      // by index in def->opts
  std::vector<bool> awaiting;  // options that the next positional word may still fill
  ParsedCommand out;

  explicit CommandParse(const CommandDef* d)
      : def(d), seen(d->opts.size()), awaiting(d->opts.size()) {
    out.def = d;
    for (std::size_t i = 0; i < d->opts.size(); ++i) awaiting[i] = takesPosition(d->opts[i].type);
  }
  bool isHelp() const { return def->name == "help"; }
};

enum class Step { Ok, Fail, Ignore };

Step bindNamed(CommandParse& p, std::string_view name, const OptDef*& opt, const ErrorSink& error) {
  if (name == kHelpOpt.name) {
    opt = &kHelpOpt;
    return Step::Ok;
  }
  for (std::size_t i = 0; i < p.def->opts.size(); ++i) {
    const OptDef& o = p.def->opts[i];
    if (o.name != name) continue;
    if (p.seen[i] && o.type != OptType::Argv) {
      error("option --" + std::string(name) + " already seen");
      // `help` forgives its own mistakes: it reports and carries on.
      return p.isHelp() ? Step::Ignore : Step::Fail;
    }
    p.seen[i] = true;
    if (o.type != OptType::Argv) p.awaiting[i] = false;
    opt = &o;
    return Step::Ok;
  }
  if (p.isHelp()) return Step::Ignore;
  error("command '" + std::string(p.def->name) + "' doesn't support option --" +
        std::string(name));
  return Step::Fail;
}

Step bindPositional(CommandParse& p, const std::string& word, const OptDef*& opt,
                    const ErrorSink& error) {
  for (std::size_t i = 0; i < p.def->opts.size(); ++i) {
    if (!p.awaiting[i]) continue;
    const OptDef& o = p.def->opts[i];
    if (o.type != OptType::Argv) p.awaiting[i] = false;
    p.seen[i] = true;
    opt = &o;
    return Step::Ok;
  }
  if (p.isHelp()) return Step::Ignore;
  error("unexpected data '" + word + "'");
  return Step::Fail;
}

bool checkRequired(const CommandParse& p, const ErrorSink& error) {
  for (std::size_t i = 0; i < p.def->opts.size(); ++i) {
    const OptDef& o = p.def->opts[i];
    if (!o.required || p.seen[i]) continue;
    const bool positional = o.type == OptType::Data || o.type == OptType::Argv;
    // Appended, not `"literal" + std::string`: GCC 12 takes those for overlapping copies
    // (-Wrestrict) when optimising.
    std::string message = "command '";
    message.append(p.def->name).append("' requires ");
    if (positional)
      message.append("<").append(o.name).append(">");
    else
      message.append("--").append(o.name);
    error(message.append(" option"));
    return false;
  }
  return true;
}

// `cmd --help ...` becomes `help cmd`, whatever else was given.
bool replaceWithHelp(ParsedCommand& cmd) {
  for (const ParsedOpt& o : cmd.opts) {
    if (o.def != &kHelpOpt) continue;
    const CommandDef* help = findCommand("help");
    ParsedCommand h;
    h.def = help;
    h.opts.push_back({&help->opts[0], std::string(cmd.def->name)});
    cmd = std::move(h);
    return true;
  }
  return false;
}

}  // namespace

std::optional<std::vector<ParsedCommand>> parseCommands(TokenSource& tokens,
                                                        const ErrorSink& error) {
  std::vector<ParsedCommand> commands;
  for (;;) {
    std::optional<CommandParse> p;
    bool dataOnly = false;
    Token tk;
    for (;;) {
      tk = tokens.next();
      if (tk.kind == TokenKind::Error) {
        error(tk.text);
        return std::nullopt;
      }
      if (tk.kind != TokenKind::Word) break;
      std::string& word = tk.text;

      if (!p) {
        if (word.starts_with('#')) {
          // A comment in place of a command (argv form): the rest of this command goes with it.
          do tk = tokens.next();
          while (tk.kind == TokenKind::Word);
          if (tk.kind == TokenKind::Error) {
            error(tk.text);
            return std::nullopt;
          }
          break;
        }
        const CommandDef* def = findCommand(word);
        if (def == nullptr) {
          error("unknown command: '" + word + "'");
          return std::nullopt;
        }
        p.emplace(def);
        continue;
      }

      const OptDef* opt = nullptr;
      std::string value;
      Step step;
      if (!dataOnly && word.size() > 2 && word.starts_with("--") && isAsciiAlnum(word[2])) {
        std::string name = word.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
          inlineValue = name.substr(eq + 1);
          name.resize(eq);
        }
        step = bindNamed(*p, name, opt, error);
        if (step == Step::Fail) return std::nullopt;
        if (step == Step::Ignore) continue;
        if (opt->type == OptType::Bool) {
          if (inlineValue) {
            error("invalid '=' after option --" + std::string(opt->name));
            return std::nullopt;
          }
        } else if (inlineValue) {
          value = std::move(*inlineValue);
        } else {
          Token v = tokens.next();
          if (v.kind == TokenKind::Error) {
            error(v.text);
            return std::nullopt;
          }
          if (v.kind != TokenKind::Word) {
            error("expected syntax: --" + std::string(opt->name) + " <" +
                  (opt->type == OptType::Int ? "number" : "string") + ">");
            return std::nullopt;
          }
          value = std::move(v.text);
        }
      } else if (!dataOnly && word == "--") {
        dataOnly = true;  // everything after a bare "--" is positional
        continue;
      } else {
        step = bindPositional(*p, word, opt, error);
        if (step == Step::Fail) return std::nullopt;
        if (step == Step::Ignore) continue;
        value = std::move(word);
      }
      p->out.opts.push_back({opt, std::move(value)});
    }

    if (p) {
      if (!replaceWithHelp(p->out) && !checkRequired(*p, error)) return std::nullopt;
      commands.push_back(std::move(p->out));
    }
    if (tk.kind == TokenKind::End) return commands;
  }
}

}  // namespace ifkit::cli
