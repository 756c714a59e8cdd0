/**
 * The database's `_security` object as the setup command writes it: the
 * operators' role as the database's admins (they may change design documents
 * and `_security`), the agents' role as its members (they read and write
 * documents; `validate_doc_update` decides which). Names are left empty:
 * access is given through roles (the `_users` roles, or a JWT's roles claim).
 *
 * CouchDB's documentation: https://docs.couchdb.org/en/stable/api/database/security.html
 */

export interface NamesAndRoles {
  names: string[];
  roles: string[];
}

export interface SecurityObject {
  admins: NamesAndRoles;
  members: NamesAndRoles;
}

export interface SecurityRoles {
  /** The role every agent's CouchDB user (or JWT) carries. */
  agents: string;
  /** The role of the people who run the setup and look after the database. */
  operators: string;
}

export const DEFAULT_ROLES: SecurityRoles = { agents: 'cc-agents', operators: 'cc-operators' };

/** The `_security` object for these roles. */
export function desiredSecurity(roles: SecurityRoles): SecurityObject {
  return {
    admins: { names: [], roles: [roles.operators] },
    members: { names: [], roles: [roles.agents] },
  };
}

/** A role name the setup accepts: not empty, no leading `_` (CouchDB reserves those: `_admin`, `_reader`…). */
export function checkRole(flag: string, role: string): string {
  if (!role.trim()) throw new TypeError(`${flag} needs a role name`);
  if (role.startsWith('_')) throw new TypeError(`${flag} "${role}": role names starting with "_" are CouchDB's own (server admins always have access)`);
  return role;
}

/** `names`/`roles` of one part of a stored security object, missing lists read as empty. */
function part(stored: unknown, key: 'admins' | 'members'): NamesAndRoles {
  const value = stored && typeof stored === 'object' ? (stored as Record<string, unknown>)[key] : undefined;
  const list = (field: 'names' | 'roles'): string[] => {
    const raw = value && typeof value === 'object' ? (value as Record<string, unknown>)[field] : undefined;
    return Array.isArray(raw) ? raw.map(String) : [];
  };
  return { names: list('names'), roles: list('roles') };
}

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
};

/** Whether the stored object gives exactly these admins and members (order of the lists aside). */
export function sameSecurity(stored: unknown, wanted: SecurityObject): boolean {
  return (['admins', 'members'] as const).every((key) => {
    const have = part(stored, key);
    return sameSet(have.names, wanted[key].names) && sameSet(have.roles, wanted[key].roles);
  });
}

/**
 * The object to write: `wanted`'s admins and members, and any other field the
 * stored object has (a vendor's own settings) kept as it is.
 */
export function mergedSecurity(stored: unknown, wanted: SecurityObject): Record<string, unknown> {
  const rest = stored && typeof stored === 'object' && !Array.isArray(stored) ? { ...(stored as Record<string, unknown>) } : {};
  return { ...rest, admins: wanted.admins, members: wanted.members };
}

/** A short human description: `admins: roles cc-operators; members: roles cc-agents`. */
export function describeSecurity(stored: unknown): string {
  const say = (key: 'admins' | 'members') => {
    const { names, roles } = part(stored, key);
    const bits = [names.length ? `names ${names.join(', ')}` : '', roles.length ? `roles ${roles.join(', ')}` : ''].filter(Boolean);
    return `${key}: ${bits.length ? bits.join(', ') : 'none'}`;
  };
  return `${say('admins')}; ${say('members')}`;
}
