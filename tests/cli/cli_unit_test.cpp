// Unit tests of the CLI's pieces whose rules are easy to get subtly wrong.
#include <gtest/gtest.h>

#include <clocale>

#include "command_line.h"
#include "echo_text.h"
#include "iface_lookup.h"
#include "table.h"

namespace ifkit::cli {
namespace {

std::vector<std::string> words(std::string_view text) {
  StringTokens t(text);
  std::vector<std::string> out;
  for (Token tk = t.next(); tk.kind != TokenKind::End; tk = t.next()) {
    if (tk.kind == TokenKind::CommandEnd) out.push_back(";");
    else if (tk.kind == TokenKind::Error) return {"ERROR: " + tk.text};
    else out.push_back(tk.text);
  }
  return out;
}

using W = std::vector<std::string>;

TEST(StringTokens, QuotesAndEscapes) {
  EXPECT_EQ(words(R"(a "b c" 'd;e' f\ g "h\"i" 'j\k')"),
            (W{"a", "b c", "d;e", "f g", "h\"i", "j\\k"}));
  EXPECT_EQ(words("a;b\nc # rest; d\ne"), (W{"a", ";", "b", ";", "c", ";", "e"}));
  EXPECT_EQ(words("x#y"), (W{"x#y"}));
  EXPECT_EQ(words("a \\\nb"), (W{"a", "b"}));
  EXPECT_EQ(words("'open"), (W{"open"}));
  EXPECT_EQ(words("\"open"), (W{"ERROR: missing \""}));
  EXPECT_EQ(words("a\\"), (W{"ERROR: dangling \\"}));
  EXPECT_EQ(words("''"), (W{""}));
}

TEST(LooksLikeMac, FollowsLibvirtsParser) {
  EXPECT_TRUE(looksLikeMac("aa:bb:cc:dd:ee:ff"));
  EXPECT_TRUE(looksLikeMac("A:b:C:d:E:f"));
  EXPECT_TRUE(looksLikeMac("aa:bb:cc:dd:ee:ff x"));  // anything after a blank is ignored
  EXPECT_FALSE(looksLikeMac("aa:bb:cc:dd:ee"));
  EXPECT_FALSE(looksLikeMac("aaa:bb:cc:dd:ee:ff"));
  EXPECT_FALSE(looksLikeMac("aa:bb:cc:dd:ee:ffx"));
  EXPECT_FALSE(looksLikeMac("aa-bb-cc-dd-ee-ff"));
  EXPECT_FALSE(looksLikeMac("eth1"));
  EXPECT_FALSE(looksLikeMac(""));
}

TEST(Table, PadsAllButTheLastColumn) {
  Table t({"Name", "State", "MAC Address"});
  t.addRow({"eth1", "active", "aa:bb:cc:dd:ee:ff"});
  t.addRow({"br0", "inactive", ""});
  EXPECT_EQ(t.render(true),
            " Name   State      MAC Address\n"
            "--------------------------------------\n"
            " eth1   active     aa:bb:cc:dd:ee:ff\n"
            " br0    inactive   \n");
  EXPECT_EQ(t.render(false),
            " eth1   active     aa:bb:cc:dd:ee:ff\n"
            " br0    inactive   \n");
}

TEST(Table, EscapesWhatATerminalWouldMisread) {
  ASSERT_NE(std::setlocale(LC_ALL, "C.UTF-8"), nullptr);
  EXPECT_EQ(encodeCell("a\tb").text, "a\\x09b");
  EXPECT_EQ(encodeCell("a\\x41").text, "a\\x5cx41");
  EXPECT_EQ(encodeCell("a\\b").text, "a\\b");
  EXPECT_EQ(encodeCell("a\xc2\x85" "b").text, "a\\xc2\\x85b");  // C1 control: real bytes
  EXPECT_EQ(encodeCell("\xe6\x97\xa5").width, 2u);                 // a wide character
  EXPECT_EQ(encodeCell("e\xcc\x81").width, 1u);                    // a combining accent
  (void)std::setlocale(LC_ALL, "C");  // back to the default for the other tests
}

TEST(EchoText, ShellQuoting) {
  EXPECT_EQ(quoteForShell("a=b,c"), "a=b,c");
  EXPECT_EQ(quoteForShell(""), "''");
  EXPECT_EQ(quoteForShell("it's"), "'it'\\''s'");
  EXPECT_EQ(quoteForShell("a b"), "'a b'");
}

TEST(EchoText, SplitOnCommas) {
  EXPECT_EQ(splitOnCommas("a,b,,c"), (W{"a", "b,c"}));
  EXPECT_EQ(splitOnCommas("a,"), (W{"a", ""}));
  EXPECT_EQ(splitOnCommas(""), W{});
}

}  // namespace
}  // namespace ifkit::cli
