import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fetchJson, type Schemas } from '../../api/client';
import { dashboardKeys } from '../../api/queries/dashboard';
import { deviceKeys } from '../../api/queries/devices';
import { useSession } from '../../app/session';
import { CustomerSelect } from '../../ui/forms';
import { Badge, Button, ErrorBox, Field, Modal, TextArea } from '../../ui/kit';

type Report = Schemas['/api/v1/devices/import']['post']['responses'][200]['content']['application/json'];

const ACTION_TONE = { create: 'success', update: 'running', unchanged: 'queued', error: 'failed' } as const;

async function runImport(csv: string, customerId: string, dryRun: boolean): Promise<Report> {
  const query = new URLSearchParams({ dryRun: String(dryRun), ...(customerId ? { customerId } : {}) });
  return fetchJson<Report>(`/api/v1/devices/import?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: csv,
  });
}

/** CSV import: a dry run shows what each row would do and every row's errors before anything is written. */
export function ImportDialog({ onClose }: { onClose(): void }) {
  const { customerId } = useSession();
  const qc = useQueryClient();
  const [csv, setCsv] = useState('');
  const [customer, setCustomer] = useState(customerId ?? '');
  const [preview, setPreview] = useState<Report | null>(null);
  const dry = useMutation({ mutationFn: () => runImport(csv, customer, true), onSuccess: setPreview });
  const commit = useMutation({
    mutationFn: () => runImport(csv, customer, false),
    onSuccess: (r) => {
      setPreview(r);
      void qc.invalidateQueries({ queryKey: deviceKeys.all });
      void qc.invalidateQueries({ queryKey: dashboardKeys.all });
    },
  });
  const errorsOf = (line: number) => preview?.errors.filter((e) => e.line === line) ?? [];
  const done = preview && !preview.dryRun;

  return (
    <Modal title="Import devices from CSV" onClose={onClose} wide>
      <div className="space-y-3">
        <p className="text-xs text-slate-500">
          Columns: hostname, mgmt_ip (required), customer, port, vendor, platform, role, site, tags
          (;-separated), credential, enabled, legacy_ssh, transport, description. Existing hostnames are
          updated. All rows are imported, or none.
        </p>
        <div className="grid grid-cols-2 gap-3">
          <Field label="CSV file">
            <input
              type="file"
              accept=".csv,text/csv"
              aria-label="CSV file"
              className="text-sm"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (file) {
                  setCsv(await file.text());
                  setPreview(null);
                }
              }}
            />
          </Field>
          <Field label="Customer for rows without a customer column">
            <CustomerSelect
              value={customer}
              onChange={(e) => setCustomer(e.target.value)}
              aria-label="import customer"
              empty="(from the CSV)"
            />
          </Field>
        </div>
        <TextArea
          aria-label="CSV text"
          className="w-full"
          rows={8}
          value={csv}
          placeholder="hostname,mgmt_ip,platform,credential"
          onChange={(e) => {
            setCsv(e.target.value);
            setPreview(null);
          }}
        />
        <ErrorBox error={dry.error ?? commit.error} />
        {preview && (
          <div className="space-y-2" data-testid="import-report">
            <p className="text-sm">
              {done
                ? 'Imported: '
                : preview.ok
                  ? 'Ready to import: '
                  : 'Nothing will be imported until every row is valid: '}
              {preview.created} new, {preview.updated} updated, {preview.unchanged} unchanged,{' '}
              {preview.errors.length} error
              {preview.errors.length === 1 ? '' : 's'} in {preview.total} rows.
            </p>
            <div className="max-h-72 overflow-y-auto rounded border border-slate-200 dark:border-slate-800">
              <table className="w-full text-sm">
                <thead className="bg-slate-100 text-xs dark:bg-slate-900">
                  <tr>
                    <th className="px-2 py-1 text-left">Line</th>
                    <th className="px-2 py-1 text-left">Hostname</th>
                    <th className="px-2 py-1 text-left">Action</th>
                    <th className="px-2 py-1 text-left">Errors</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((r) => (
                    <tr
                      key={r.line}
                      data-import-row={r.action}
                      className="border-t border-slate-200 dark:border-slate-800"
                    >
                      <td className="px-2 py-1">{r.line}</td>
                      <td className="px-2 py-1">{r.hostname}</td>
                      <td className="px-2 py-1">
                        <Badge value={r.action} tone={ACTION_TONE[r.action]} />
                      </td>
                      <td className="px-2 py-1 text-red-700 dark:text-red-400">
                        {errorsOf(r.line).map((e) => (
                          <div key={`${e.field}:${e.message}`}>
                            {e.field}: {e.message}
                          </div>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={() => dry.mutate()} disabled={!csv.trim() || dry.isPending}>
            Preview
          </Button>
          <Button
            variant="primary"
            onClick={() => commit.mutate()}
            disabled={!preview?.ok || !preview.dryRun || commit.isPending}
          >
            Import
          </Button>
        </div>
      </div>
    </Modal>
  );
}
