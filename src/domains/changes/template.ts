import { sql } from 'drizzle-orm';
import { Liquid } from 'liquidjs';
import { devices } from '../devices/table.ts';

/**
 * Change templates: LiquidJS, sandboxed. Templates come from users, so nothing reaches the file
 * system (no include, render or layout of files), only a variable's own properties are visible
 * (never its prototype), and parsing, rendering and memory are bounded. An unknown variable or
 * filter is an error naming it and its line, never an empty string pushed to a device.
 */
const engine = new Liquid({
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  relativeReference: false,
  // Users write "{{ x }}" for "x" with no HTML escaping: configurations are not web pages.
  outputEscape: undefined,
  parseLimit: 1_000_000,
  renderLimit: 2_000,
  memoryLimit: 64 * 1024 * 1024,
  fs: {
    exists: async () => false,
    existsSync: () => false,
    readFile: async (file: string) => {
      throw new Error(`templates cannot read files (${file})`);
    },
    readFileSync: (file: string) => {
      throw new Error(`templates cannot read files (${file})`);
    },
    resolve: (_root: string, file: string) => file,
  },
});

/** What a template sees of a device. */
export type TemplateDevice = {
  hostname: string;
  address: string;
  platform: string | null;
  vendor: string | null;
  role: string | null;
  site: string | null;
  tags: string[];
  model: string | null;
  serial: string | null;
  os_version: string | null;
};

/** The columns of a device that `templateDevice` reads, for a select. */
export const templateDeviceColumns = {
  id: devices.id,
  customerId: devices.customerId,
  hostname: devices.hostname,
  address: sql<string>`host(${devices.mgmtIp})`,
  platform: devices.platform,
  vendor: devices.vendor,
  role: devices.role,
  site: devices.site,
  tags: devices.tags,
  facts: devices.facts,
};

/** A device row as templates see it: empty fields are null, facts give model, serial and version. */
export function templateDevice(d: {
  hostname: string;
  address: string;
  platform: string;
  vendor: string;
  role: string;
  site: string;
  tags: string[];
  facts: unknown;
}): TemplateDevice {
  const facts = (d.facts ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return {
    hostname: d.hostname,
    address: d.address,
    platform: str(d.platform),
    vendor: str(d.vendor),
    role: str(d.role),
    site: str(d.site),
    tags: d.tags,
    model: str(facts.model),
    serial: str(facts.serial),
    os_version: str(facts.osVersion) ?? str(facts.os_version),
  };
}

export type TemplateContext = {
  device: TemplateDevice;
  customer: { name: string };
  /** The change's variables, overridden by the device's own. */
  variables: Record<string, unknown>;
};

export type Rendered = { text: string } | { error: string };

/** Parses once; a syntax error names its line. */
export function parseTemplate(template: string): { error?: string } {
  try {
    engine.parse(template);
    return {};
  } catch (err) {
    return { error: describe(err) };
  }
}

/**
 * Renders for one device: its fields under `device`, the customer under `customer`, variables at
 * the top level (so "{{ ntp_server }}"), which may not shadow `device` or `customer`.
 */
export async function renderTemplate(template: string, ctx: TemplateContext): Promise<Rendered> {
  try {
    const text = await engine.render(parsed(template), {
      ...ctx.variables,
      device: ctx.device,
      customer: ctx.customer,
    });
    return { text };
  } catch (err) {
    return { error: describe(err) };
  }
}

let lastParsed: { source: string; templates: ReturnType<Liquid['parse']> } | null = null;

/**
 * A change renders one template for each of its devices, one after another: parsed once, not a
 * thousand times (LiquidJS's own cache is for templates read from files).
 */
function parsed(source: string): ReturnType<Liquid['parse']> {
  if (lastParsed?.source !== source) lastParsed = { source, templates: engine.parse(source) };
  return lastParsed.templates;
}

/** LiquidJS says "undefined variable: ntp, line:3, col:5": kept, minus its stack and source excerpt. */
function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]!.slice(0, 500);
}
