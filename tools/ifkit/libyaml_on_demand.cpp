// SPDX-License-Identifier: LGPL-2.1-or-later
// libyaml, opened by the first netplan file read rather than by every ifkit process
// (on_demand_library.h): only the hand-over of a link netplan configures reads YAML
// (native/netplan/yaml_tree.h), and a host without netplan never does.
#include <yaml.h>

#include "on_demand_library.h"

namespace {

constinit ifkit::cli::OnDemandLibrary libyaml(IFKIT_LIBYAML_SONAME);

}  // namespace

#define IFKIT_LIBYAML_CALL(name, ...) IFKIT_ON_DEMAND_CALL(libyaml, name, __VA_ARGS__)

extern "C" {

int yaml_parser_initialize(yaml_parser_t* parser) {
  IFKIT_LIBYAML_CALL(yaml_parser_initialize, parser);
}
void yaml_parser_delete(yaml_parser_t* parser) { IFKIT_LIBYAML_CALL(yaml_parser_delete, parser); }
void yaml_parser_set_input_string(yaml_parser_t* parser, const unsigned char* input,
                                  size_t size) {
  IFKIT_LIBYAML_CALL(yaml_parser_set_input_string, parser, input, size);
}
void yaml_parser_set_encoding(yaml_parser_t* parser, yaml_encoding_t encoding) {
  IFKIT_LIBYAML_CALL(yaml_parser_set_encoding, parser, encoding);
}
int yaml_parser_parse(yaml_parser_t* parser, yaml_event_t* event) {
  IFKIT_LIBYAML_CALL(yaml_parser_parse, parser, event);
}
void yaml_event_delete(yaml_event_t* event) { IFKIT_LIBYAML_CALL(yaml_event_delete, event); }

}  // extern "C"
