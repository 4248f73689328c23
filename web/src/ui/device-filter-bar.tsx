import type { Ref } from 'react';
import type { DeviceFilterQuery } from '../api/queries/devices';
import { useFacets } from '../api/queries/devices';
import { Input, Select } from './kit';

/** The filter fields with choices (the server's facets), in the order the bar shows them. */
export const FILTER_FIELDS = ['vendor', 'platform', 'role', 'site', 'tag', 'reachability', 'backup'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/** A filter as a bar edits it: one chosen value per field, '' for any. */
export type FilterValues = { q: string; enabled: '' | 'true' | 'false' } & Record<FilterField, string>;

export const emptyFilter = (): FilterValues => ({
  q: '',
  enabled: '',
  vendor: '',
  platform: '',
  role: '',
  site: '',
  tag: '',
  reachability: '',
  backup: '',
});

/** The filter as the API's query string takes it (what is left empty is left out). */
export function filterQuery(v: FilterValues): DeviceFilterQuery {
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) if (value) out[k] = value;
  return out as DeviceFilterQuery;
}

/** The filter as a job's or schedule's JSON body takes it. */
export function filterBody(v: FilterValues) {
  const out: Record<string, string | string[] | boolean> = {};
  if (v.q) out.q = v.q;
  for (const f of FILTER_FIELDS) if (v[f]) out[f] = [v[f]];
  if (v.enabled) out.enabled = v.enabled === 'true';
  return out;
}

/**
 * The one device filter bar: search, a choice per field with how many devices each gives under
 * the rest of the filter, and enabled. The devices page and the job form both use it; `label`
 * names its controls ("filter platform", "target platform") for people and tests.
 */
export function DeviceFilterBar({
  value,
  onChange,
  label,
  search,
  searchRef,
  showEnabled = true,
}: {
  value: FilterValues;
  onChange(patch: Partial<FilterValues>): void;
  label: 'filter' | 'target';
  /** The search box's text, when the page keeps it apart from the filter (typing is debounced there). */
  search?: { value: string; onChange(q: string): void };
  searchRef?: Ref<HTMLInputElement>;
  showEnabled?: boolean;
}) {
  const facets = useFacets(filterQuery(value));
  return (
    <div className="flex flex-wrap gap-2" data-testid={`${label}-bar`}>
      <Input
        ref={searchRef}
        className="w-48"
        placeholder={label === 'filter' ? 'Search hostname, IP or CIDR  ( / )' : 'Hostname, IP or CIDR'}
        aria-label={label === 'filter' ? 'search devices' : 'target search'}
        value={search ? search.value : value.q}
        onChange={(e) => (search ? search.onChange(e.target.value) : onChange({ q: e.target.value }))}
      />
      {FILTER_FIELDS.map((f) => (
        <Select
          key={f}
          className="w-28"
          aria-label={`${label} ${f}`}
          value={value[f]}
          onChange={(e) => onChange({ [f]: e.target.value })}
        >
          <option value="">{`any ${f}`}</option>
          {/* The chosen value stays offered even when the rest of the filter leaves it no device. */}
          {value[f] && !facets.data?.[f].some((o) => o.value === value[f]) && (
            <option value={value[f]}>{value[f]} (0)</option>
          )}
          {(facets.data?.[f] ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.value || '(none)'} ({o.count})
            </option>
          ))}
        </Select>
      ))}
      {showEnabled && (
        <Select
          className="w-28"
          aria-label={`${label} enabled`}
          value={value.enabled}
          onChange={(e) => onChange({ enabled: e.target.value as FilterValues['enabled'] })}
        >
          <option value="">enabled or not</option>
          <option value="true">enabled</option>
          <option value="false">disabled</option>
        </Select>
      )}
    </div>
  );
}
