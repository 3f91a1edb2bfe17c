// SPDX-License-Identifier: LGPL-2.1-or-later
// libvirt's XML output layout and attribute escaping.
#include "conf/xml/xml_writer.h"

namespace ifkit::conf {

void appendEscaped(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default: out += c;
    }
  }
}

void XmlWriter::begin(std::string_view name) {
  out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
  out_ += '<';
  out_ += name;
}

void XmlWriter::attribute(std::string_view name, std::string_view value) {
  out_ += ' ';
  out_ += name;
  out_ += "='";
  appendEscaped(out_, value);
  out_ += '\'';
}

void XmlWriter::endEmpty() { out_ += "/>\n"; }

void XmlWriter::endOpen() {
  out_ += ">\n";
  ++depth_;
}

void XmlWriter::close(std::string_view name) {
  --depth_;
  out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
  out_ += "</";
  out_ += name;
  out_ += ">\n";
}

}  // namespace ifkit::conf
