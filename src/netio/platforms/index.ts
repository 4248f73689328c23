import { alcatelAos7 } from './alcatel_aos7.ts';
import { apcAos } from './apc_aos.ts';
import { aristaEos } from './arista_eos.ts';
import { arubaAoscx } from './aruba_aoscx.ts';
import { arubaAosw } from './aruba_aosw.ts';
import { arubaInstant } from './aruba_instant.ts';
import { broadcomEfos } from './broadcom_efos.ts';
import { cienaSaos10 } from './ciena_saos10.ts';
import { ciscoAsa } from './cisco_asa.ts';
import { ciscoAsyncos } from './cisco_asyncos.ts';
import { ciscoFtd } from './cisco_ftd.ts';
import { ciscoIos } from './cisco_ios.ts';
import { ciscoIosxr } from './cisco_iosxr.ts';
import { ciscoNxos } from './cisco_nxos.ts';
import { ciscoWlc } from './cisco_wlc.ts';
import { dellForce10 } from './dell_force10.ts';
import { eatonNetworkM3 } from './eaton_network_m3.ts';
import { extremeWing } from './extreme_wing.ts';
import { fortinetFortigate } from './fortinet_fortigate.ts';
import { fortinetFortimanager } from './fortinet_fortimanager.ts';
import type { PlatformFileError } from './from-file.ts';
import { fsFsos } from './fs_fsos.ts';
import { garderosGrs } from './garderos_grs.ts';
import { hpComware } from './hp_comware.ts';
import { hpProcurve } from './hp_procurve.ts';
import { huaweiVrp } from './huawei_vrp.ts';
import { juniperJunos } from './juniper_junos.ts';
import { linux } from './linux.ts';
import { mikrotikRouteros } from './mikrotik_routeros.ts';
import { netgateTnsr } from './netgate_tnsr.ts';
import { netgearProsafe } from './netgear_prosafe.ts';
import { nvidiaCumulus } from './nvidia_cumulus.ts';
import { nvidiaCumulusFiles } from './nvidia_cumulus_files.ts';
import { nvidiaOnyx } from './nvidia_onyx.ts';
import { opnsense } from './opnsense.ts';
import { paloaltoPanos } from './paloalto_panos.ts';
import { perleIolan } from './perle_iolan.ts';
import { pfsense } from './pfsense.ts';
import { quantaQos } from './quanta_qos.ts';
import { ruckusFastiron } from './ruckus_fastiron.ts';
import { sikluEtherhaul } from './siklu_etherhaul.ts';
import { smartbyte } from './smartbyte.ts';
import { sonicwallSonicos } from './sonicwall_sonicos.ts';
import { tplinkJetstream } from './tplink_jetstream.ts';
import type { Platform } from './types.ts';
import { ubiquitiEdgeswitch } from './ubiquiti_edgeswitch.ts';
import { vsolOlt } from './vsol_olt.ts';
import { vyos } from './vyos.ts';
import { watchguardFireware } from './watchguard_fireware.ts';

/** Every platform webnet speaks, by name. A new platform is one file here and its tests. */
export const PLATFORMS: Record<string, Platform> = Object.fromEntries(
  [
    ciscoIos,
    ciscoNxos,
    ciscoIosxr,
    aristaEos,
    juniperJunos,
    linux,
    ciscoAsa,
    arubaAoscx,
    vyos,
    fortinetFortigate,
    netgateTnsr,
    mikrotikRouteros,
    hpComware,
    netgearProsafe,
    opnsense,
    tplinkJetstream,
    broadcomEfos,
    fsFsos,
    smartbyte,
    perleIolan,
    cienaSaos10,
    vsolOlt,
    sonicwallSonicos,
    quantaQos,
    arubaAosw,
    arubaInstant,
    ciscoFtd,
    fortinetFortimanager,
    garderosGrs,
    pfsense,
    ruckusFastiron,
    nvidiaOnyx,
    alcatelAos7,
    ciscoAsyncos,
    watchguardFireware,
    extremeWing,
    sikluEtherhaul,
    nvidiaCumulus,
    nvidiaCumulusFiles,
    huaweiVrp,
    paloaltoPanos,
    hpProcurve,
    ciscoWlc,
    dellForce10,
    ubiquitiEdgeswitch,
    eatonNetworkM3,
    apcAos,
  ].map((p) => [p.name, p]),
);

/** Platforms loaded from users' files, by name (the whole set is replaced on each load). */
let fromFiles = new Map<string, { platform: Platform; file: string }>();

/**
 * Takes the platforms read from users' files as the current set. A file cannot replace a
 * platform webnet ships (its name is refused); two files of one name: the first wins.
 */
export function setFilePlatforms(list: { platform: Platform; file: string }[]): PlatformFileError[] {
  const next = new Map<string, { platform: Platform; file: string }>();
  const errors: PlatformFileError[] = [];
  for (const entry of list) {
    const { name } = entry.platform;
    if (Object.hasOwn(PLATFORMS, name))
      errors.push({
        file: entry.file,
        message: `name: "${name}" is a platform webnet ships; choose another name`,
      });
    else if (next.has(name))
      errors.push({
        file: entry.file,
        message: `name: "${name}" is also the name in ${next.get(name)!.file}`,
      });
    else next.set(name, entry);
  }
  fromFiles = next;
  return errors;
}

export function platformByName(name: string): Platform | undefined {
  return Object.hasOwn(PLATFORMS, name) ? PLATFORMS[name] : fromFiles.get(name)?.platform;
}

/** Every platform: those webnet ships, then those from files (with the file each came from). */
export function allPlatforms(): { platform: Platform; file?: string }[] {
  return [...Object.values(PLATFORMS).map((platform) => ({ platform })), ...fromFiles.values()];
}
