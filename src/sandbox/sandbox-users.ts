import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Signed-in Zocdoc patients for the authorization-code flow (zocdoc-api.md §2.2): who can
 * sign in on the sandbox's /authorize page. Sandbox credentials, documented in README.md;
 * never real accounts.
 */

export interface SandboxUser {
  user_id: string;
  email: string;
  password: string;
  first_name: string;
  last_name: string;
}

export const defaultSandboxUsers: readonly SandboxUser[] = [
  {
    user_id: 'usr_sandboxPatientAda01',
    email: 'ada.patient@example.com',
    password: 'sandbox-ada-1',
    first_name: 'Ada',
    last_name: 'Patient',
  },
  {
    user_id: 'usr_sandboxPatientGrace02',
    email: 'grace.patient@example.com',
    password: 'sandbox-grace-2',
    first_name: 'Grace',
    last_name: 'Patient',
  },
];

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The user with this email (case-insensitive) and password, else undefined. */
export function signIn(
  users: readonly SandboxUser[],
  email: string,
  password: string,
): SandboxUser | undefined {
  const user = users.find((u) => u.email.toLowerCase() === email.trim().toLowerCase());
  // Compare digests in constant time; an unknown email still costs one comparison.
  const ok = timingSafeEqual(digest(user?.password ?? '\u0000'), digest(password));
  return user && ok ? user : undefined;
}
