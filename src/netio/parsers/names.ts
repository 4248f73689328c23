/**
 * Names as NAPALM reports them, whatever form the device printed: interfaces by their canonical
 * full name ("Gi0/1" → "GigabitEthernet0/1", "Po93" → "Port-channel93"), MAC addresses as six
 * colon-separated upper-case pairs. A script written against NAPALM's getters compares these
 * strings; a short form or another MAC notation is a different value to it.
 */

/**
 * Interface types by every spelling devices print (Cisco IOS, IOS-XE, NX-OS, IOS-XR, EOS),
 * each mapped to the full name. Keyed case-sensitively, as NAPALM does: "ge-0/0/0" (Junos) or
 * "eth0" (Linux) are names of their own and stay as printed.
 */
const TYPES: Record<string, string> = {};
const spell = (full: string, ...short: string[]) => {
  for (const s of [full, ...short]) TYPES[s] = full;
};
spell('ATM', 'AT');
spell('BDI', 'Bd');
spell('Bundle-Ether', 'BE');
spell('EOBC', 'EO');
spell('Ethernet', 'Eth', 'Et');
spell('FastEthernet', 'FastEth', 'FastE', 'Fast', 'Fas', 'FE', 'Fa');
spell('FiftyGigE', 'FiftyGigabitEthernet', 'Fi');
spell('FortyGigabitEthernet', 'FortyGigEthernet', 'FortyGigEth', 'FortyGigE', 'FortyGig', 'FGE', 'Fo');
spell('FourHundredGigE', 'FourHundredGigabitEthernet');
spell('GigabitEthernet', 'GigEthernet', 'GigEth', 'GigE', 'Gig', 'GE', 'Gi');
spell('HundredGigE', 'HundredGigabitEthernet', 'HundredGigEthernet', 'HundredGig', 'Hu');
spell('Loopback', 'Lo');
spell('Management', 'Mgmt', 'Ma');
spell('MgmtEth', 'Mg');
spell('Multilink', 'Mu');
spell('Port-channel', 'Port-Channel', 'PortChannel', 'Po');
spell('POS');
spell('Serial', 'Se');
spell('TenGigabitEthernet', 'TenGigEthernet', 'TenGigEth', 'TenGig', 'TeGig', 'Ten', 'Te');
spell('TenGigE');
spell('TwentyFiveGigE', 'TwentyFiveGigabitEthernet', 'Twe');
spell('TwoGigabitEthernet', 'Tw');
spell('Tunnel', 'Tun', 'Tu');
spell('Virtual-Access', 'Vi');
spell('Virtual-Template', 'Vt');
spell('Vlan', 'VLAN', 'Vl');

/** A name's type (its leading letters and dashes) and the rest (slot, port, subinterface). */
const SPLIT = /^([A-Za-z][A-Za-z-]*?)\s?(\d.*)$/;

/** The canonical full name of an interface, or the name as given when its type is not known. */
export function canonicalInterface(name: string): string {
  const m = SPLIT.exec(name.trim());
  if (!m) return name.trim();
  const full = TYPES[m[1]!];
  return full ? `${full}${m[2]}` : name.trim();
}

const MAC = /^(?:[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}|(?:[0-9a-f]{1,2}[:-]){5}[0-9a-f]{1,2}|[0-9a-f]{12})$/i;

/** True when the text is a MAC address in one of the notations devices print. */
export const isMac = (text: string): boolean => MAC.test(text.trim());

/** A MAC address in NAPALM's form ("2C:C2:60:3E:36:3B"); any other text as it was. */
export function napalmMac(text: string): string {
  const t = text.trim();
  if (!isMac(t)) return text;
  // "0:1c:73:a:b:c" (Linux drops leading zeros) pads each part back to two digits.
  const parts = t.includes('.') || !/[:-]/.test(t) ? t.replace(/\./g, '').match(/../g)! : t.split(/[:-]/);
  return parts.map((p) => p.padStart(2, '0').toUpperCase()).join(':');
}
