/**
 * A value derived from an object that does not change (the knowledge, a reference table, a
 * matcher): built on first use and kept as long as the object lives.
 */
export const derived = <K extends object, V>(build: (key: K) => V): ((key: K) => V) => {
  const cache = new WeakMap<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = build(key);
      cache.set(key, value);
    }
    return value;
  };
};
