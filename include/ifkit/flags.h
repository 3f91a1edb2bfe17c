// SPDX-License-Identifier: LGPL-2.1-or-later
// ifkit/flags.h: the flag bits of the interface API, with libvirt's names and values.
//
// Every call that takes `unsigned flags` accepts only the bits listed for it here; any other bit
// is refused with ErrorNumber::InvalidArg before the call does anything, as libvirt does:
//
//   conn.listAllInterfaces(kListInterfacesActive);           // only the active ones
//   iface.xmlDesc(kInterfaceXmlInactive);                    // the stored definition
//   conn.defineXML(xml, kInterfaceDefineValidate);           // check against interface.rng first
#pragma once

namespace ifkit {

// virConnectListAllInterfacesFlags. Neither bit, or both, means every interface.
inline constexpr unsigned kListInterfacesInactive = 1u << 0;  // VIR_CONNECT_LIST_INTERFACES_INACTIVE
inline constexpr unsigned kListInterfacesActive = 1u << 1;    // VIR_CONNECT_LIST_INTERFACES_ACTIVE

// virInterfaceXMLFlags: dump the persistent definition rather than the live state.
inline constexpr unsigned kInterfaceXmlInactive = 1u << 0;  // VIR_INTERFACE_XML_INACTIVE

// virInterfaceDefineFlags: validate the document against libvirt's RelaxNG schema.
inline constexpr unsigned kInterfaceDefineValidate = 1u << 0;  // VIR_INTERFACE_DEFINE_VALIDATE

}  // namespace ifkit
