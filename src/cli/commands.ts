import { Command, Option } from 'commander';
import { VERSION } from '../app/app.ts';
import { ConfigError, loadConfig } from '../platform/config.ts';
import { complianceValidateCommand } from './compliance.ts';
import { dbCommand } from './db.ts';
import { type DemoOptions, demoCommand } from './demo.ts';
import { labCommand } from './lab.ts';
import { migrateCommand, serveCommand, workerCommand } from './serve.ts';
import { userCreateCommand, userResetPasswordCommand } from './user.ts';

const program = new Command('webnet').version(VERSION).description('webnet network automation platform');

program
  .command('serve')
  .description('HTTP API and web UI, with an in-process worker unless --no-worker')
  .option('--no-worker', 'serve only; run `webnet worker` processes for the work')
  .action((opts: { worker: boolean }) => serveCommand(loadConfig(), opts));
program
  .command('worker')
  .description('a worker only, for scale-out on PostgreSQL')
  .action(() => workerCommand(loadConfig()));
program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(() => migrateCommand(loadConfig()));

program
  .command('lab')
  .description('simulated network devices over SSH (for tests, benchmarks and trying webnet out)')
  .option('--devices <n>', 'how many devices', '200')
  .option('--topology <name>', 'leaf-spine or flat', 'leaf-spine')
  .option('--platform <name>', 'one platform for all devices (default: a data-centre mix)')
  .option('--address <ip>', 'first loopback address; each device gets the next', '127.20.0.1')
  .option(
    '--port <n>',
    'SSH port on each address (with --ports: the first port, 0 for any free ones)',
    '2222',
  )
  .option('--ports', 'all devices on 127.0.0.1, each on its own port', false)
  .option(
    '--shared-listener',
    'one listening socket per port on 0.0.0.0 for all devices (labs larger than the open-file limit)',
    false,
  )
  .option('--config-bytes <n>', 'approximate size of each running config', '8000')
  .option('--inventory <file>', 'where to write the devices CSV', 'lab-inventory.csv')
  .option('--customer <name>', 'customer column of the CSV', 'Lab')
  .option('--credential <name>', 'credential column of the CSV', 'lab')
  .option('--username <name>', 'login of every device', 'admin')
  .option('--password <password>', 'password of every device', 'lab-password')
  .option('--secret <secret>', 'enable secret of every device', 'lab-enable')
  .action((opts) => labCommand(opts));

const db = program.command('db').description('development databases: save one and go back to it');
db.command('snapshot <name>')
  .description('save the database (PGlite: stop webnet first; PostgreSQL: its other sessions are ended)')
  .action((name: string) => dbCommand('snapshot', name, loadConfig()));
db.command('restore <name>')
  .description('replace the database with a snapshot (the same conditions)')
  .action((name: string) => dbCommand('restore', name, loadConfig()));
db.command('snapshots')
  .description('list the snapshots')
  .action(() => dbCommand('list', '', loadConfig()));

program
  .command('demo')
  .description('a first look: the simulated lab, webnet on it, two customers and a user per role')
  .option('--devices <n>', "devices in the first customer's leaf-spine network", '24')
  .option('--address <ip>', 'first loopback address of the lab devices', '127.31.0.1')
  .option(
    '--password <password>',
    'password of the demo users (default: generated once, kept in the data dir)',
  )
  .action((opts: DemoOptions) =>
    demoCommand(loadConfig({ WEBNET_DATA_DIR: './data-demo', HOST: '127.0.0.1', ...process.env }), opts),
  );

program
  .command('compliance')
  .description('compliance policies, offline')
  .command('validate')
  .description("NAPALM's compliance report of a policy's state rules on saved getter output")
  .requiredOption('--policy <file>', 'a NAPALM validation file, or a policy with a "state:" list')
  .requiredOption('--data <dir>', 'getter output saved as <dir>/<getter>.json')
  .action((opts: { policy: string; data: string }) => complianceValidateCommand(opts));

const user = program
  .command('user')
  .description('manage accounts from the shell (first admin, lost passwords)');
user
  .command('create <username>')
  .description('create a user; the password is read from stdin, or generated and printed')
  .addOption(
    new Option('--role <role>', 'viewer, operator or admin')
      .choices(['viewer', 'operator', 'admin'])
      .default('viewer'),
  )
  .option('--all-customers', 'grant every customer (explicit, never implied by the role)', false)
  .option('--customer <name...>', 'customer names the user belongs to', [])
  .option('--password-stdin', 'read the password from standard input', false)
  .action((username: string, opts) => userCreateCommand(loadConfig(), username, opts));
user
  .command('reset-password <username>')
  .description("set a new password (stdin, or generated and printed); the user's sessions end")
  .option('--password-stdin', 'read the password from standard input', false)
  .action((username: string, opts) => userResetPasswordCommand(loadConfig(), username, opts));

program.parseAsync().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`webnet: ${err.message}\n`);
  } else {
    process.stderr.write(`webnet: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
});
