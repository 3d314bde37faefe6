import { useEffect, useRef, type KeyboardEvent } from 'react';
import { TABS, actorHref, navigate, type Tab } from '../route';

const TAB_LABELS: Record<Tab, string> = {
  generate: 'Generate Images',
  jobs: 'Jobs',
  dataset: 'Dataset',
  balance: 'Balance',
};

export function tabPanelProps(tab: Tab) {
  return { role: 'tabpanel', id: `panel-${tab}`, 'aria-labelledby': `tab-${tab}` } as const;
}

/** WAI-ARIA tabs: Tab reaches the selected tab, arrow keys, Home and End move between them. */
export function ActorTabs({ actorId, current }: { actorId: string; current: Tab }) {
  const buttons = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});

  useEffect(() => {
    const button = buttons.current[current];
    if (button?.parentElement) scrollIntoStrip(button, button.parentElement);
  }, [current]);

  function select(tab: Tab, shouldFocus: boolean): void {
    navigate(actorHref(actorId, tab));
    if (shouldFocus) buttons.current[tab]?.focus();
  }

  function onKeyDown(event: KeyboardEvent): void {
    const index = TABS.indexOf(current);
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: TABS.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    select(TABS[(target + TABS.length) % TABS.length] ?? current, true);
  }

  return (
    <div className="tabs" role="tablist" aria-label="Actor sections" onKeyDown={onKeyDown}>
      {TABS.map((tab) => (
        <button
          key={tab}
          ref={(el) => {
            buttons.current[tab] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${tab}`}
          aria-selected={tab === current}
          aria-controls={`panel-${tab}`}
          tabIndex={tab === current ? 0 : -1}
          className="tab"
          data-testid={`tab-${tab}`}
          onClick={() => select(tab, false)}
        >
          {TAB_LABELS[tab]}
        </button>
      ))}
    </div>
  );
}

/** On a narrow screen the tab strip scrolls sideways: bring the selected tab into it, without scrolling the page. */
function scrollIntoStrip(tab: HTMLElement, strip: HTMLElement): void {
  const tabBox = tab.getBoundingClientRect();
  const stripBox = strip.getBoundingClientRect();
  if (tabBox.left < stripBox.left) strip.scrollLeft -= stripBox.left - tabBox.left;
  else if (tabBox.right > stripBox.right) strip.scrollLeft += tabBox.right - stripBox.right;
}
