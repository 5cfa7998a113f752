import { createHash } from 'node:crypto';
import type { CaseRegistration } from '../domain/case';
import type { Country } from '../domain/people';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: upper-case letters and digits only, so it fits CASE_ID_PATTERN. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The case id of a registration. It is derived, not allocated, so a repeated registration of the same
 * arrest (same custodial country and the custodial agency's own reference) lands on the same workflow id
 * and Temporal itself refuses the duplicate. The hash keeps the external reference out of the id: ids
 * appear in logs, URLs and the Temporal UI, references may not.
 */
export function deriveCaseId(registration: Pick<CaseRegistration, 'custodialCountry' | 'externalReference' | 'arrest'>): string {
  const year = new Date(registration.arrest.time).getUTCFullYear();
  return `case-${registration.custodialCountry}-${year}-${referenceKey(registration.custodialCountry, registration.externalReference)}`;
}

/**
 * The hash part of a case id: what custodial country and external reference alone determine (the year
 * in the id is the arrest's, which a search by reference does not know). Kept in HandoverReferenceKey.
 */
export function referenceKey(custodialCountry: Country, externalReference: string): string {
  const digest = createHash('sha256').update(`${custodialCountry}|${externalReference}`, 'utf8').digest();
  return base32(digest).slice(0, 10);
}

/** The reference key a case id carries, or undefined for an id not in the derived form. */
export function referenceKeyOfCaseId(caseId: string): string | undefined {
  return /^case-[A-Z]{2}-\d{4}-([A-Z0-9]{10})$/.exec(caseId)?.[1];
}

/** JSON with object keys sorted at every level, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Hash of a registration body: tells a repeated request from a conflicting one. */
export function registrationHash(registration: CaseRegistration): string {
  return sha256Hex(canonicalJson(registration));
}

/**
 * The search-attribute value that finds a registration by its Idempotency-Key. Keys are scoped to the
 * caller, so two officers who happen to pick the same key never collide.
 */
export function idempotencyRequestKey(callerId: string, idempotencyKey: string): string {
  return sha256Hex(`${callerId}\n${idempotencyKey}`);
}
