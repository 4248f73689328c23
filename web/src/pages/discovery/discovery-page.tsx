import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { jobKeys } from '../../api/queries/jobs';
import { useUrlState } from '../../app/hooks';
import { useSession } from '../../app/session';
import { CustomerSelect } from '../../ui/forms';
import { Badge, Button, Card, ErrorBox, Field, Input, PageHeader, TextArea } from '../../ui/kit';
import { type Column, Table } from '../../ui/table';

const FINAL = ['success', 'partial', 'failed', 'cancelled'];

type Found = {
  id: string;
  address: string;
  transport: 'ssh' | 'telnet';
  banner: string;
  platform: string;
  hostname: string;
  model: string;
  serial: string;
  credentialName: string | null;
  status: 'new' | 'known';
  match: string | null;
  matchedDeviceId: string | null;
  addedDeviceId: string | null;
  note: string;
};

/** The sweep's form: which customer, which ranges (its own by default), which ports. */
function DiscoveryForm({ onStarted }: { onStarted(jobId: string): void }) {
  const session = useSession();
  const [customerId, setCustomerId] = useState(session.customerId ?? session.customers[0]?.id ?? '');
  const [ranges, setRanges] = useState('');
  const [sshPort, setSshPort] = useState('22');
  const [telnetPort, setTelnetPort] = useState('23');
  const [login, setLogin] = useState(true);
  const start = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/jobs', {
          body: {
            type: 'network_discovery',
            payload: {
              customerId,
              ...(ranges.trim() ? { ranges: ranges.split(/[\s,]+/).filter(Boolean) } : {}),
              sshPort: Number(sshPort),
              telnetPort: Number(telnetPort),
              login,
            },
          },
        }),
      ),
    onSuccess: (job) => onStarted(job.id),
  });
  return (
    <Card title="Sweep">
      <form
        className="grid gap-3 md:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          start.mutate();
        }}
      >
        <Field label="Customer" name="payload.customerId" error={start.error}>
          <CustomerSelect
            aria-label="discovery customer"
            value={customerId}
            onChange={(e) => setCustomerId(e.target.value)}
          />
        </Field>
        <Field
          label="Ranges (CIDRs; empty: the customer's IP ranges; at most a /16)"
          name="payload.ranges"
          error={start.error}
        >
          <TextArea
            aria-label="ranges"
            rows={2}
            value={ranges}
            onChange={(e) => setRanges(e.target.value)}
            placeholder="10.0.0.0/24"
          />
        </Field>
        <div className="flex gap-3">
          <Field label="SSH port" name="payload.sshPort" error={start.error}>
            <Input
              aria-label="ssh port"
              className="w-24"
              value={sshPort}
              onChange={(e) => setSshPort(e.target.value)}
            />
          </Field>
          <Field label="Telnet port (0: none)" name="payload.telnetPort" error={start.error}>
            <Input
              aria-label="telnet port"
              className="w-24"
              value={telnetPort}
              onChange={(e) => setTelnetPort(e.target.value)}
            />
          </Field>
        </div>
        <label className="flex items-center gap-2 self-end text-sm">
          <input type="checkbox" checked={login} onChange={(e) => setLogin(e.target.checked)} />
          Log in with the customer's credentials (platform, hostname, serial)
        </label>
        <div className="md:col-span-2">
          <ErrorBox error={start.error} />
          <Button variant="primary" type="submit" disabled={start.isPending || !customerId}>
            Start discovery
          </Button>
        </div>
      </form>
    </Card>
  );
}

/**
 * Network discovery: sweep a customer's ranges for devices, see what answered (new, or already
 * in the inventory and how it matched), add the chosen ones in one step and back them up.
 */
export default function DiscoveryPage() {
  const { can } = useSession();
  const url = useUrlState();
  const jobId = url.get('job');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [added, setAdded] = useState<{ deviceId: string; hostname: string }[]>([]);
  const job = useQuery({
    queryKey: jobKeys.one(jobId),
    enabled: Boolean(jobId),
    queryFn: () => unwrap(api.GET('/api/v1/jobs/{id}', { params: { path: { id: jobId } } })),
    refetchInterval: (q) => (q.state.data && FINAL.includes(q.state.data.status) ? false : 1_000),
  });
  const running = Boolean(job.data && !FINAL.includes(job.data.status));
  const found = useQuery({
    // Read again when the job ends: the last blocks' finds arrive with its final status.
    queryKey: ['discovery', jobId, job.data?.status],
    enabled: Boolean(jobId),
    queryFn: () => unwrap(api.GET('/api/v1/discovery', { params: { query: { jobId, pageSize: 500 } } })),
    refetchInterval: running ? 2_000 : false,
  });
  const add = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/discovery/add', { body: { ids: [...selected] } })),
    onSuccess: (r) => {
      setAdded(r.added);
      setSelected(new Set());
      qc.invalidateQueries({ queryKey: ['discovery'] });
    },
  });
  const backup = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/jobs', {
          body: { type: 'config_backup', targets: { deviceIds: added.map((a) => a.deviceId) } },
        }),
      ),
    onSuccess: (j) => navigate(`/jobs/${j.id}`),
  });

  const rows = (found.data?.items ?? []) as Found[];
  const columns: Column<Found>[] = [
    { key: 'address', header: 'Address', cell: (f) => <span className="mono">{f.address}</span> },
    {
      key: 'transport',
      header: 'Speaks',
      cell: (f) =>
        f.transport === 'telnet' ? (
          <Badge value="telnet (cleartext)" tone="partial" />
        ) : (
          <span className="mono text-xs">{f.banner || 'ssh'}</span>
        ),
    },
    { key: 'hostname', header: 'Hostname', cell: (f) => f.hostname || '—' },
    { key: 'platform', header: 'Platform', cell: (f) => f.platform || '—' },
    { key: 'model', header: 'Model', cell: (f) => f.model || '—' },
    { key: 'serial', header: 'Serial', cell: (f) => <span className="mono">{f.serial || '—'}</span> },
    { key: 'credential', header: 'Logged in as', cell: (f) => f.credentialName ?? '—' },
    {
      key: 'status',
      header: 'Inventory',
      cell: (f) =>
        f.addedDeviceId ? (
          <Link className="text-sky-700 hover:underline dark:text-sky-400" to={`/devices/${f.addedDeviceId}`}>
            added
          </Link>
        ) : f.status === 'known' && f.matchedDeviceId ? (
          <Link
            className="text-sky-700 hover:underline dark:text-sky-400"
            to={`/devices/${f.matchedDeviceId}`}
          >
            known (same {f.match})
          </Link>
        ) : (
          <Badge value="new" tone="previewed" />
        ),
    },
    {
      key: 'note',
      header: 'Note',
      cell: (f) => <span className="text-xs text-amber-700 dark:text-amber-300">{f.note}</span>,
    },
  ];
  const addable = rows.filter((f) => f.status === 'new' && !f.addedDeviceId);

  return (
    <div className="space-y-4">
      <PageHeader title="Discovery" />
      {can('operator') && <DiscoveryForm onStarted={(id) => url.set({ job: id })} />}
      {jobId && (
        <Card
          title={
            <span className="flex items-center gap-2">
              Found {job.data && <Badge value={job.data.status} />}
              <span className="text-xs font-normal text-slate-500" data-testid="discovery-summary">
                {rows.length} answering, {addable.length} new
                {job.data && ` · ${job.data.done}/${job.data.total} blocks swept`}
              </span>
            </span>
          }
          actions={
            can('operator') && (
              <Button
                variant="primary"
                disabled={selected.size === 0 || add.isPending}
                onClick={() => add.mutate()}
              >
                Add {selected.size} to the inventory
              </Button>
            )
          }
        >
          <ErrorBox error={found.error ?? add.error ?? backup.error} />
          {added.length > 0 && (
            <div className="mb-2 flex items-center gap-3 text-sm" data-testid="discovery-added">
              <span>
                Added {added.length}: {added.map((a) => a.hostname).join(', ')}
              </span>
              <Button onClick={() => backup.mutate()} disabled={backup.isPending}>
                Back up the added devices
              </Button>
            </div>
          )}
          <Table
            rows={rows}
            columns={columns}
            rowKey={(f) => f.id}
            selected={selected}
            onSelect={setSelected}
            canSelect={(f) => f.status === 'new' && !f.addedDeviceId}
            empty={running ? 'Sweeping…' : 'Nothing answered in these ranges.'}
          />
        </Card>
      )}
    </div>
  );
}
