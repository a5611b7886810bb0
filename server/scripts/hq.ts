/**
 * Staff accounts from the command line: the first HQ of a new brand, and any grant or revocation later, on a
 * fresh database or a deployed one (run it where the server runs: it reads the same settings, the environment
 * over `.env`). Every change is written to the staff audit log. A change or revocation applies at the staff
 * member's next request; a new staff member's rights come with their next sign-in or session refresh.
 *
 *   npm run hq -- grant <memberNo|phone> hq
 *   npm run hq -- grant <memberNo|phone> manager [--stores S01,S02]
 *   npm run hq -- revoke <memberNo|phone>
 *   npm run hq -- list
 *
 * The person signs in to the mini-program once first: that makes their member account (and member number).
 * Exit code 0: done; 2: a mistake on the command line or an unknown member; 1: the command failed.
 */
import 'reflect-metadata';
import { hostname, userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { runCommand, UsageError } from '../src/import/cli/run-command';
import { appConfig, type AppConfig } from '../src/config/app-config';
import { maskPhone, MembersService, type LeanMember, type MemberReference } from '../src/members';
import { HqCommandModule } from '../src/staff/hq-command.module';
import { StaffRolesAdmin, type StaffRoleRecord } from '../src/staff/staff-roles-admin.service';

const USAGE = `Usage: npm run hq -- <command>
  grant <memberNo|phone> hq                          make the member HQ (the whole brand)
  grant <memberNo|phone> manager [--stores S01,S02]  make the member a manager (of these stores)
  revoke <memberNo|phone>                            take the member's staff role away
  list                                               every staff account
The member signs in to the mini-program once first; member numbers look like M00000042.`;

type Command =
  | { name: 'grant'; reference: MemberReference; role: 'hq' | 'manager'; stores?: string[] }
  | { name: 'revoke'; reference: MemberReference }
  | { name: 'list' };

function command(): Command {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { stores: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const [name, who, role, ...extra] = positionals;
  if (name === 'list' && positionals.length === 1) return { name };
  if (name === 'revoke' && who && positionals.length === 2) return { name, reference: referenceOf(who) };
  if (name === 'grant' && who && (role === 'hq' || role === 'manager') && extra.length === 0) {
    if (role === 'hq' && values.stores !== undefined) throw new UsageError('--stores is for managers: HQ has the whole brand');
    return { name, reference: referenceOf(who), role, stores: values.stores === undefined ? undefined : storesOf(values.stores) };
  }
  throw new UsageError(name === 'grant' && role ? `the role is hq or manager, not "${role}"` : 'unknown command');
}

function referenceOf(who: string): MemberReference {
  if (/^M\d{8}$/i.test(who)) return { memberNo: who.toUpperCase() };
  if (/^(\+?86)?1\d{10}$/.test(who.replace(/[\s-]/g, ''))) return { phone: who };
  throw new UsageError(`"${who}" is neither a member number (M00000042) nor a mainland mobile number`);
}

function storesOf(list: string): string[] {
  const stores = [
    ...new Set(
      list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const bad = stores.find((s) => !/^[A-Za-z0-9_-]{1,32}$/.test(s));
  if (bad !== undefined) throw new UsageError(`"${bad}" is not a store code (letters, digits, - and _, up to 32)`);
  return stores;
}

function describe(reference: MemberReference): string {
  return 'phone' in reference
    ? `phone ${maskPhone(reference.phone)}`
    : `member number ${(reference as { memberNo: string }).memberNo}`;
}

function scope(role: { role: string; storeIds: string[]; communityIds: string[] } | null): string {
  if (!role) return 'no staff role';
  if (role.role === 'hq') return 'HQ';
  const stores = role.storeIds.length > 0 ? `stores ${role.storeIds.join(', ')}` : 'no stores';
  const communities = role.communityIds.length > 0 ? `, communities ${role.communityIds.join(', ')}` : '';
  return `manager (${stores}${communities})`;
}

function table(records: StaffRoleRecord[], timeZone: string): string {
  if (records.length === 0) return 'No staff accounts yet: npm run hq -- grant <memberNo|phone> hq';
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const rows = records.map((r) => [r.memberNo, r.nickname ?? '', scope(r), r.since ? day.format(r.since) : '']);
  const header = ['member', 'nickname', 'role', 'since'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

let parsed: Command;
try {
  parsed = command();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
  process.exit(2);
}

void runCommand(HqCommandModule, async (app) => {
  const admin = app.get(StaffRolesAdmin);
  if (parsed.name === 'list') {
    process.stdout.write(`${table(await admin.list(), app.get<AppConfig>(appConfig.KEY).brand.timeZone)}\n`);
    return 0;
  }
  const member: LeanMember | null = await app.get(MembersService).resolve(parsed.reference);
  if (!member) {
    process.stderr.write(
      `No member with ${describe(parsed.reference)}. They sign in to the mini-program once (that makes their member account), then run this again.\n`,
    );
    return 2;
  }
  // Who made the change, for the audit log: the operator's account on this machine.
  const actor = { id: `cli:${userInfo().username}@${hostname()}`, role: 'operator' };
  if (parsed.name === 'grant') {
    const { before, after } = await admin.grant(member, parsed.role, parsed.stores, actor);
    const when = before
      ? 'Applies at their next request.'
      : 'Applies when they next sign in or their session refreshes (within 15 minutes).';
    process.stdout.write(`${member.memberNo}: ${scope(before)} -> ${scope(after)}. ${when}\n`);
    return 0;
  }
  const removed = await admin.revoke(member, actor);
  if (!removed) {
    process.stdout.write(`${member.memberNo} holds no staff role: nothing to revoke.\n`);
    return 0;
  }
  process.stdout.write(`${member.memberNo}: ${scope(removed)} -> no staff role. Applies at their next request.\n`);
  if (removed.role === 'hq' && (await admin.hqCount()) === 0)
    process.stderr.write('Warning: no HQ account is left. Grant one with: npm run hq -- grant <memberNo|phone> hq\n');
  return 0;
});
