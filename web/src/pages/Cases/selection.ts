/**
 * Cases selected for a bulk decision. The selection survives paging through the same filters (a
 * supervisor may pick cases on several pages) and is dropped when the filters change, so it never holds
 * cases the person can no longer see in the list.
 */
export interface Selection {
  identity: string;
  ids: ReadonlySet<string>;
}

export function emptySelection(identity: string): Selection {
  return { identity, ids: new Set() };
}

export function selectionFor(selection: Selection, identity: string): Selection {
  return selection.identity === identity ? selection : emptySelection(identity);
}

export function toggle(selection: Selection, caseId: string, on: boolean): Selection {
  const ids = new Set(selection.ids);
  if (on) ids.add(caseId);
  else ids.delete(caseId);
  return { identity: selection.identity, ids };
}

/** Selects (or deselects) every case of the page shown, leaving those picked on other pages alone. */
export function togglePage(selection: Selection, pageIds: readonly string[], on: boolean): Selection {
  const ids = new Set(selection.ids);
  for (const id of pageIds) {
    if (on) ids.add(id);
    else ids.delete(id);
  }
  return { identity: selection.identity, ids };
}

export function without(selection: Selection, caseIds: Iterable<string>): Selection {
  const ids = new Set(selection.ids);
  for (const id of caseIds) ids.delete(id);
  return { identity: selection.identity, ids };
}

/** 'all', 'some' or 'none' of the page's cases are selected: the select-all box shows which. */
export function pageState(selection: Selection, pageIds: readonly string[]): 'all' | 'some' | 'none' {
  const picked = pageIds.filter((id) => selection.ids.has(id)).length;
  if (picked === 0) return 'none';
  return picked === pageIds.length ? 'all' : 'some';
}
