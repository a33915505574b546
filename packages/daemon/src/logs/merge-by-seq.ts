// Merges lists that are each in sequence order into one list in sequence order, in
// O(n log k) for k lists (pairwise rounds) instead of sorting every line again.

export const mergeBySeq = <T extends { seq: number }>(lists: T[][]): T[] => {
  let round = lists.filter((list) => list.length > 0);
  if (round.length === 0) return [];
  while (round.length > 1) {
    const next: T[][] = [];
    for (let index = 0; index < round.length; index += 2) {
      const left = round[index] as T[];
      const right = round[index + 1];
      next.push(right === undefined ? left : mergeTwo(left, right));
    }
    round = next;
  }
  return round[0] as T[];
};

const mergeTwo = <T extends { seq: number }>(left: T[], right: T[]): T[] => {
  const out = new Array<T>(left.length + right.length);
  let l = 0;
  let r = 0;
  let o = 0;
  while (l < left.length && r < right.length)
    out[o++] = (left[l] as T).seq <= (right[r] as T).seq ? (left[l++] as T) : (right[r++] as T);
  while (l < left.length) out[o++] = left[l++] as T;
  while (r < right.length) out[o++] = right[r++] as T;
  return out;
};
