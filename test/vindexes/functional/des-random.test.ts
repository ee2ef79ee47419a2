/**
 * The JS DES (zero key) against OpenSSL's 3DES-EDE with a zero key (= single DES, spec §9.2)
 * on many pseudo-random blocks: a deterministic seed, so a failure reproduces.
 */
import { createCipheriv } from 'node:crypto';
import { expect, it } from 'vitest';
import { desHash, desHashWords, desUnhash } from '../../../src/vindexes/crypto/des.js';

it('agrees with OpenSSL on 20000 blocks, and decrypting reverses it', () => {
  const cipher = createCipheriv('des-ede3-ecb', new Uint8Array(24), null);
  cipher.setAutoPadding(false);
  let seed = 0x2545f491;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  for (let i = 0; i < 20000; i++) {
    const hi = next();
    const lo = next();
    const n = (BigInt(hi) << 32n) | BigInt(lo);
    const block = Buffer.alloc(8);
    block.writeBigUInt64BE(n);
    const want = cipher.update(block).toString('hex');
    expect(Buffer.from(desHash(n)).toString('hex')).toBe(want);
    expect(Buffer.from(desHashWords(hi, lo)).toString('hex')).toBe(want);
    expect(desUnhash(desHash(n))).toBe(n);
  }
});
