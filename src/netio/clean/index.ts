/**
 * Config cleaning: what a backup keeps of a device's text. `rules.ts` holds the shared pieces,
 * `reference.ts` states each step plainly, `fast.ts` runs them all in one pass for backups
 * (a property test holds fast to reference), `literals.ts` finds the text a pattern needs.
 */
export { type CleanedConfig, cleanConfig } from './fast.ts';
export { dropVolatile, insignificantLines, redact, significantHash } from './reference.ts';
export { REDACTED } from './rules.ts';
export { restoreSecrets, secretsIn, UnknownSecretError } from './secrets.ts';
