// Folding key actions into the view: selection, focus, follow and scrollback, search, help.

import { selectLayout } from './layout.js';
import { filterEntries } from './log-buffer.js';
import { compileSearch, stepMatch } from './log-search.js';
import { scrollBy, scrollToTop, toggleFollow } from './log-window.js';
import type { ViewAction, ViewState } from './view-state.js';

export function applyAction(state: ViewState, action: ViewAction): ViewState {
  switch (action.type) {
    case 'select-previous':
      return moveSelection(state, -1);
    case 'select-next':
      return moveSelection(state, 1);
    case 'focus-selected':
      if (state.selectedService === undefined) return state;
      return { ...state, focusService: state.selectedService, scroll: { follow: true }, search: clearCurrent(state) };
    case 'show-all': {
      const { focusService: _dropped, ...rest } = state;
      return { ...rest, scroll: { follow: true }, search: clearCurrent(state) };
    }
    case 'toggle-follow': {
      const scroll = toggleFollow(paneEntries(state), state.scroll);
      return { ...state, scroll, search: scroll.follow ? clearCurrent(state) : state.search };
    }
    case 'scroll-up':
      return scrollLines(state, -linesOf(state, action.lines));
    case 'scroll-down':
      return scrollLines(state, linesOf(state, action.lines));
    case 'scroll-top':
      return { ...state, scroll: scrollToTop(paneEntries(state), logRows(state)) };
    case 'scroll-bottom':
      return { ...state, scroll: { follow: true }, search: clearCurrent(state) };
    case 'search-start':
      return { ...state, help: false, search: { ...state.search, draft: '' } };
    case 'search-type':
      if (state.search.draft === undefined) return state;
      return { ...state, search: { ...state.search, draft: state.search.draft + action.text } };
    case 'search-erase':
      if (state.search.draft === undefined) return state;
      return { ...state, search: { ...state.search, draft: state.search.draft.slice(0, -1) } };
    case 'search-submit':
      if (state.search.draft === undefined) return state;
      return { ...state, search: { query: state.search.draft } };
    // A search starts at the newest match and goes back in time, like `?` in less.
    case 'search-next':
      return stepSearch(state, -1);
    case 'search-previous':
      return stepSearch(state, 1);
    case 'toggle-help':
      return { ...state, help: !state.help };
    case 'escape':
      return escape(state);
  }
}

function paneEntries(state: ViewState): ViewState['log']['entries'] {
  return filterEntries(state.log.entries, state.focusService);
}

function logRows(state: ViewState): number {
  return selectLayout(state).logRows;
}

function linesOf(state: ViewState, lines: number | 'page'): number {
  return lines === 'page' ? Math.max(1, logRows(state) - 1) : lines;
}

function clearCurrent(state: ViewState): ViewState['search'] {
  const { currentId: _dropped, ...rest } = state.search;
  return rest;
}

function moveSelection(state: ViewState, step: 1 | -1): ViewState {
  if (state.services.length === 0) return state;
  const index = state.services.findIndex((service) => service.serviceName === state.selectedService);
  const nextIndex = index === -1 ? 0 : Math.min(state.services.length - 1, Math.max(0, index + step));
  return { ...state, selectedService: state.services[nextIndex]!.serviceName };
}

function scrollLines(state: ViewState, delta: number): ViewState {
  if (state.search.query !== '') return stepSearch(state, delta < 0 ? -1 : 1);
  return { ...state, scroll: scrollBy(paneEntries(state), state.scroll, delta, logRows(state)) };
}

function stepSearch(state: ViewState, step: 1 | -1): ViewState {
  const compiled = compileSearch(state.search.query);
  if (compiled === undefined) {
    return { ...state, notice: { level: 'info', text: 'no search: press / to search', at: state.now } };
  }
  const currentId = stepMatch(paneEntries(state), compiled.pattern, state.search.currentId, step);
  return { ...state, search: currentId === undefined ? state.search : { ...state.search, currentId } };
}

/** Esc closes the innermost thing: the search prompt, help, the search, the focus, a pause. */
function escape(state: ViewState): ViewState {
  if (state.search.draft !== undefined) return { ...state, search: { query: state.search.query } };
  if (state.help) return { ...state, help: false };
  if (state.search.query !== '') return { ...state, search: { query: '' } };
  if (state.focusService !== undefined) return applyAction(state, { type: 'show-all' });
  if (!state.scroll.follow) return { ...state, scroll: { follow: true } };
  return state;
}
