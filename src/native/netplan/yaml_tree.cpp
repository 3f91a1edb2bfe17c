// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/netplan/yaml_tree.h"

#include <yaml.h>

#include <map>
#include <memory>

namespace ifkit::native::netplan {
namespace {

// libyaml counts positions in characters (a CR LF is two, a BOM is not counted); the tree
// keeps byte offsets into the text. The marks of successive events are near each other, so a
// cursor walks from the last position rather than from the start of the text.
class ByteOffsets {
 public:
  explicit ByteOffsets(std::string_view text) : text_(text) {
    if (text_.starts_with("\xEF\xBB\xBF")) byte_ = 3;  // libyaml skips the BOM unseen
  }
  std::size_t of(std::size_t charIndex) {
    while (char_ < charIndex && byte_ < text_.size()) {
      byte_ += width(static_cast<unsigned char>(text_[byte_]));
      ++char_;
    }
    while (char_ > charIndex && byte_ > 0) {
      do --byte_;
      while (byte_ > 0 && (static_cast<unsigned char>(text_[byte_]) & 0xC0) == 0x80);
      --char_;
    }
    return std::min(byte_, text_.size());
  }

 private:
  static std::size_t width(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    return 4;
  }
  std::string_view text_;
  std::size_t char_ = 0;
  std::size_t byte_ = 0;
};

struct ParserDeleter {
  void operator()(yaml_parser_t* parser) const {
    yaml_parser_delete(parser);
    delete parser;
  }
};
struct EventGuard {
  yaml_event_t event{};
  ~EventGuard() { yaml_event_delete(&event); }
};

class TreeBuilder {
 public:
  explicit TreeBuilder(std::string_view text) : text_(text), offsets_(text) {}

  YamlDocument build() {
    YamlDocument document;
    std::unique_ptr<yaml_parser_t, ParserDeleter> parser(new yaml_parser_t{});
    if (!yaml_parser_initialize(parser.get())) {
      document.error = "0:0: out of memory";
      return document;
    }
    // netplan's files are UTF-8; any other encoding would make the byte offsets wrong.
    yaml_parser_set_encoding(parser.get(), YAML_UTF8_ENCODING);
    yaml_parser_set_input_string(parser.get(), reinterpret_cast<const unsigned char*>(text_.data()),
                                 text_.size());
    std::vector<YamlNode> stack;        // open collections
    std::vector<bool> keyPending;       // per open mapping: the next node is a key
    std::vector<YamlNode> pendingKeys;  // per open mapping: the key waiting for its value
    std::vector<std::pair<std::string, std::size_t>> openAnchors;  // per open collection
    std::optional<YamlNode> root;
    std::size_t nodes = 0;
    for (;;) {
      EventGuard guard;
      if (!yaml_parser_parse(parser.get(), &guard.event)) {
        document.error = std::to_string(parser->problem_mark.line + 1) + ":" +
                         std::to_string(parser->problem_mark.column + 1) + ": " +
                         (parser->problem ? parser->problem : "not YAML");
        if (parser->context) document.error += std::string(" ") + parser->context;
        return document;
      }
      const yaml_event_t& event = guard.event;
      if (event.type == YAML_STREAM_END_EVENT || event.type == YAML_DOCUMENT_END_EVENT) break;
      std::optional<YamlNode> done;
      std::size_t doneNodes = 1;
      if (event.type == YAML_ALIAS_EVENT) {
        // A copy of the anchored node, counted whole against the limit: nested aliases that
        // would stand for billions of nodes stop at the limit.
        auto anchored = anchors_.find(reinterpret_cast<const char*>(event.data.alias.anchor));
        if (anchored == anchors_.end()) {
          document.error = position(event.start_mark) + ": unknown alias";
          return document;
        }
        if (anchored->second.second > kMaxYamlNodes - nodes) {
          document.error = position(event.start_mark) + ": more than " +
                           std::to_string(kMaxYamlNodes) + " nodes";
          return document;
        }
        YamlNode copy = anchored->second.first;
        doneNodes = anchored->second.second;
        YamlNode at = start(copy.kind, event.start_mark);
        finish(at, event.end_mark);
        copy.line = at.line;
        copy.lastLine = at.lastLine;
        copy.begin = at.begin;
        copy.end = at.end;
        done = std::move(copy);
      } else if (event.type == YAML_SCALAR_EVENT) {
        YamlNode scalar = start(YamlNode::Kind::Scalar, event.start_mark);
        scalar.value.assign(reinterpret_cast<const char*>(event.data.scalar.value),
                            event.data.scalar.length);
        finish(scalar, event.end_mark);
        if (event.data.scalar.anchor)
          anchors_[reinterpret_cast<const char*>(event.data.scalar.anchor)] = {scalar, 1};
        done = std::move(scalar);
      } else if (event.type == YAML_SEQUENCE_START_EVENT ||
                 event.type == YAML_MAPPING_START_EVENT) {
        if (static_cast<int>(stack.size()) >= kMaxYamlDepth) {
          document.error = position(event.start_mark) + ": nested deeper than " +
                           std::to_string(kMaxYamlDepth) + " levels";
          return document;
        }
        bool mapping = event.type == YAML_MAPPING_START_EVENT;
        YamlNode open =
            start(mapping ? YamlNode::Kind::Mapping : YamlNode::Kind::Sequence, event.start_mark);
        open.flow = mapping ? event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                            : event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
        const yaml_char_t* anchor =
            mapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor;
        openAnchors.emplace_back(anchor ? reinterpret_cast<const char*>(anchor) : "", nodes);
        stack.push_back(std::move(open));
        keyPending.push_back(mapping);
        pendingKeys.emplace_back();
      } else if (event.type == YAML_SEQUENCE_END_EVENT || event.type == YAML_MAPPING_END_EVENT) {
        YamlNode closed = std::move(stack.back());
        stack.pop_back();
        keyPending.pop_back();
        pendingKeys.pop_back();
        closeCollection(closed, event.end_mark);
        auto [anchor, nodesBefore] = openAnchors.back();
        openAnchors.pop_back();
        if (!anchor.empty()) anchors_[anchor] = {closed, nodes - nodesBefore + 1};
        done = std::move(closed);
      }
      if (!done) continue;
      nodes += doneNodes;
      if (nodes > kMaxYamlNodes) {
        document.error =
            position(event.start_mark) + ": more than " + std::to_string(kMaxYamlNodes) + " nodes";
        return document;
      }
      if (stack.empty()) {
        root = std::move(*done);
        continue;
      }
      YamlNode& parent = stack.back();
      if (parent.isSequence()) {
        parent.items.push_back(std::move(*done));
      } else if (keyPending.back()) {
        pendingKeys.back() = std::move(*done);
        keyPending.back() = false;
      } else {
        parent.entries.push_back({std::move(pendingKeys.back()), std::move(*done)});
        keyPending.back() = true;
      }
    }
    document.root = std::move(root);
    return document;
  }

 private:
  static std::string position(const yaml_mark_t& mark) {
    return std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  }

  YamlNode start(YamlNode::Kind kind, const yaml_mark_t& mark) {
    YamlNode node;
    node.kind = kind;
    node.line = static_cast<int>(mark.line) + 1;
    node.begin = offsets_.of(mark.index);
    return node;
  }

  // A scalar ends where its end mark is; a block scalar's mark is past its last line break.
  void finish(YamlNode& node, const yaml_mark_t& mark) {
    node.end = offsets_.of(mark.index);
    node.lastLine = static_cast<int>(mark.line) + (mark.column == 0 && mark.line > 0 ? 0 : 1);
    if (node.lastLine < node.line) node.lastLine = node.line;
  }

  // A flow collection ends at its bracket; a block one with its last content (its end event
  // is only emitted at the next, less indented, token, past any comments).
  void closeCollection(YamlNode& node, const yaml_mark_t& mark) {
    if (node.flow) {
      finish(node, mark);
      return;
    }
    const YamlNode* last = nullptr;
    if (node.isSequence() && !node.items.empty()) last = &node.items.back();
    if (node.isMapping() && !node.entries.empty()) last = &node.entries.back().second;
    node.end = last ? last->end : node.begin;
    node.lastLine = last ? last->lastLine : node.line;
  }

  std::string_view text_;
  ByteOffsets offsets_;
  std::map<std::string, std::pair<YamlNode, std::size_t>> anchors_;  // node, its node count
};

}  // namespace

const YamlNode* YamlNode::find(std::string_view key) const {
  const YamlNode* found = nullptr;
  for (const auto& [k, v] : entries)
    if (k.isScalar() && k.value == key) found = &v;
  return found;
}

YamlDocument parseYaml(std::string_view text) { return TreeBuilder(text).build(); }

}  // namespace ifkit::native::netplan
