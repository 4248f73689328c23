import { broadcomEfos } from './broadcom_efos.ts';
import type { Platform } from './types.ts';

/**
 * Ubiquiti EdgeSwitch (ES-24, ES-48): Broadcom FASTPATH underneath, so EFOS's prompts, pager and
 * cleaning (Oxidized's "edgeswitch").
 */
export const ubiquitiEdgeswitch: Platform = {
  ...broadcomEfos,
  name: 'ubiquiti_edgeswitch',
  description: 'Ubiquiti EdgeSwitch',
  vendor: 'ubiquiti',
  detect: { command: 'show version', pattern: /EdgeSwitch/, priority: 25 },
};
