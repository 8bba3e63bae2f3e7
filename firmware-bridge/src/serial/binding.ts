/**
 * The serialport binding type, taken from @serialport/stream (the bindings-interface package's
 * `exports` hide its type declarations from TypeScript's bundler resolution).
 */
import type { OpenOptions } from '@serialport/stream';

export type SerialBinding = OpenOptions['binding'];
