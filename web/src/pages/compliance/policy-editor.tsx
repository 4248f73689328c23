import { useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client';
import { complianceKeys, type Policy, type PolicyTest } from '../../api/queries/compliance';
import { useDeviceList } from '../../api/queries/devices';
import { useSession } from '../../app/session';
import { TemplateEditor } from '../../ui/code-editor';
import { CustomerSelect, FormFooter, useFormMutation } from '../../ui/forms';
import { Badge, Button, ErrorBox, Field, Select } from '../../ui/kit';

const EXAMPLE = `name: base standard
description: what every IOS router must have
scope: {platform: [cisco_ios]}
rules:
  - name: ntp
    severity: high
    must_contain: [ntp server 192.0.2.123]
  - name: no telnet on vty
    section: {parent: "^line vty"}
    must_not_contain: [{pattern: "transport input .*telnet"}]
  - name: access ports described
    section: {parent: "^interface"}
    for_each: {where: switchport mode access, unless: shutdown}
    must_contain: [{pattern: "^description "}]
`;

/** The line of the policy the server refused ("line 5: …" on the source field). */
function refusedAt(error: unknown): number | undefined {
  const message = error instanceof ApiError ? error.fieldError('source') : undefined;
  const line = message && /^line (\d+):/.exec(message)?.[1];
  return line ? Number(line) : undefined;
}

/** A policy's YAML, tried on a device before it is saved (nothing is stored by the test). */
export function PolicyEditor({ policy, onDone }: { policy?: Policy; onDone(p: Policy): void }) {
  const session = useSession();
  const [customerId, setCustomerId] = useState(
    policy?.customerId ?? session.customerId ?? session.customers[0]?.id ?? '',
  );
  const [source, setSource] = useState(policy?.source ?? EXAMPLE);
  const [deviceId, setDeviceId] = useState('');
  const [tested, setTested] = useState<PolicyTest | null>(null);
  const [testError, setTestError] = useState<unknown>(null);
  const devices = useDeviceList({ pageSize: 200, sort: 'hostname', ...(customerId ? { customerId } : {}) });
  const save = useFormMutation(
    async () =>
      policy
        ? unwrap(
            api.PUT('/api/v1/compliance/policies/{id}', {
              params: { path: { id: policy.id } },
              body: { source },
            }),
          )
        : unwrap(api.POST('/api/v1/compliance/policies', { body: { customerId, source } })),
    { invalidate: [complianceKeys.all], onSuccess: onDone },
  );
  const test = async () => {
    setTestError(null);
    try {
      setTested(await unwrap(api.POST('/api/v1/compliance/policies/test', { body: { source, deviceId } })));
    } catch (err) {
      setTested(null);
      setTestError(err);
    }
  };
  return (
    <form className="space-y-3" onSubmit={save.submit}>
      {!policy && (
        <Field label="Customer" name="customerId" error={save.error}>
          <CustomerSelect
            aria-label="policy customer"
            value={customerId}
            onChange={(e) => setCustomerId(e.target.value)}
          />
        </Field>
      )}
      <Field label="Policy (YAML: name, scope, rules, state)" name="source" error={save.error}>
        <TemplateEditor
          label="policy source"
          value={source}
          onChange={(v) => {
            setSource(v);
            save.reset();
          }}
          errorLine={refusedAt(save.error)}
        />
      </Field>
      <div className="flex flex-wrap items-end gap-2">
        <Field label="Test on device" name="deviceId" error={testError}>
          <Select aria-label="test device" value={deviceId} onChange={(e) => setDeviceId(e.target.value)}>
            <option value="">choose a device…</option>
            {devices.data?.items.map((d) => (
              <option key={d.id} value={d.id}>
                {d.hostname}
              </option>
            ))}
          </Select>
        </Field>
        <Button disabled={!deviceId} onClick={() => void test()}>
          Test
        </Button>
      </div>
      <ErrorBox error={testError} />
      {tested && <TestResult result={tested} />}
      <FormFooter
        error={save.error}
        pending={save.isPending}
        label={policy ? 'Save policy' : 'Create policy'}
      />
    </form>
  );
}

function TestResult({ result }: { result: PolicyTest }) {
  return (
    <div
      data-testid="policy-test"
      className="space-y-2 rounded border border-slate-200 p-2 text-sm dark:border-slate-700"
    >
      <div>
        {result.hostname}:{' '}
        {result.inScope ? 'in the policy’s scope' : 'not in the policy’s scope (shown anyway)'}
      </div>
      <ul className="space-y-1">
        {result.results.map((r) => (
          <li key={r.rule}>
            <Badge
              value={r.status}
              tone={r.status === 'pass' ? 'success' : r.status === 'fail' ? 'failed' : 'queued'}
            />{' '}
            <span className="font-medium">{r.rule}</span>
            {r.findings.slice(0, 5).map((f) => (
              <div
                key={`${f.kind}${f.at ?? ''}${f.line}`}
                className="mono ml-4 text-xs text-slate-600 dark:text-slate-400"
              >
                {f.at ? `line ${f.at}: ` : ''}
                {f.message}
              </div>
            ))}
          </li>
        ))}
      </ul>
      {result.remediation && (
        <pre className="mono overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">
          {result.remediation}
        </pre>
      )}
    </div>
  );
}
