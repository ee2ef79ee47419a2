/** `binary_md5` (spec §4.4): MD5 of the value's bytes, 16 bytes; case sensitive; NULL hashes "". */
import { toBytes } from '../convert.js';
import { md5 } from '../crypto/md5.js';
import type { SqlValue } from '../value.js';
import { bytesHashImpl } from './bytes-hash.js';

export const binaryMd5Impl = bytesHashImpl('BinaryMD5', (v: SqlValue) => md5(toBytes(v)));
