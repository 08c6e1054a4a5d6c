import fc from 'fast-check';

/** Values as cards and activities hold them, plus what JSON.stringify omits or writes as null. */
export const jsonLike = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme' }),
    fc.constantFrom('"', '\\', '\n\t\r\b\f', '\u0000\u001f\u007f', '\ud800', '\udc00x', '😀'),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
  ),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 6 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), tie('node'), { maxKeys: 6 }),
  ),
})).node;
