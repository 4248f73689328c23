import type { Platform } from './types.ts';

/**
 * APC (Schneider Electric) Network Management Cards, AOS (NMC2, NMC3): the configuration is the
 * card's config.ini, fetched over SCP on the same SSH connection; the CLI ("apc>") answers the
 * rest. Oxidized's "apcaos".
 */
export const apcAos: Platform = {
  name: 'apc_aos',
  description: 'APC / Schneider Electric Network Management Cards (AOS)',
  vendor: 'apc',
  modes: { cli: { prompt: /^(?:\S+@)?(?<host>apc)>\s?$/ } },
  edges: [],
  commandMode: 'cli',
  onOpen: [],
  pager: [],
  errors: [/^E\d{3}: (?!Success)/],
  backup: {
    commands: [],
    files: ['config.ini'],
    // When and by whom the file was written.
    drop: [/^; Configuration file, generated on /],
    insignificant: [],
    redact: [
      {
        pattern:
          /^(?:\w*(?:Community|Password|Passphrase|Secret|AuthPhrase|PrivPhrase|SharedKey|PrivateKey)\w*)=(?<secret>.+)$/i,
      },
    ],
  },
  getters: {},
  detect: { command: 'about', pattern: /Network Management Card|APC OS\(AOS\)/, priority: 15 },
};
