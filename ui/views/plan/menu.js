// The role menu of a Plan cell (right-click, R, Shift+F10): lead, attend, speak or notes, locking the
// assignment against the auto-planner, or unassigning. It is placed under its cell inside the window,
// works from the keyboard (arrows, Home/End, Esc), and closes on a click elsewhere or a scroll.

import { h } from '../../dom.js';
import { ROLES } from '../../format.js';

export class RoleMenu {
  constructor(grid) {
    this.grid = grid;
    this.shown = null; // { el, btn } while the menu is open
    this.onOutside = null;
  }

  open(btn) {
    const { grid } = this;
    this.close(false);
    const session = grid.sessions.get(btn.dataset.sessionId);
    const member = grid.memberById.get(btn.dataset.memberId);
    if (!session || !member) return;
    const current = btn.dataset.role || null;

    const items = ROLES.map((r) => h('button', {
      type: 'button',
      class: 'role-item',
      role: 'menuitemradio',
      'aria-checked': String(current === r.code),
      'data-role': r.code,
      tabindex: '-1',
    }, h('span', { class: 'role-name' }, r.label), h('span', { class: 'role-hint' }, r.hint)));
    if (current) {
      const locked = Boolean(btn.dataset.locked);
      items.push(h('div', { class: 'role-sep', role: 'separator' }));
      items.push(h('button', {
        type: 'button', class: 'role-item lock', role: 'menuitemcheckbox',
        'aria-checked': String(locked), 'data-action': 'lock', tabindex: '-1',
      }, h('span', { class: 'role-name' }, 'Locked'), h('span', { class: 'role-hint' }, 'the auto-planner keeps it (L)')));
      items.push(h('button', { type: 'button', class: 'role-item remove', role: 'menuitem', 'data-role': '', tabindex: '-1' },
        h('span', { class: 'role-name' }, 'Unassign')));
    }
    const menu = h('div', {
      class: 'role-menu',
      role: 'menu',
      'aria-label': `Role of ${member.name} in “${session.title}”`,
    }, h('p', { class: 'role-menu-title', 'aria-hidden': 'true' }, `${member.name} · ${session.start}`), items);

    this.shown = { el: menu, btn };
    grid.container.append(menu);

    // Place it under the cell, kept inside the window.
    const rect = btn.getBoundingClientRect();
    const left = Math.max(8, Math.min(rect.left, window.innerWidth - menu.offsetWidth - 8));
    let top = rect.bottom + 4;
    if (top + menu.offsetHeight > window.innerHeight - 8) top = Math.max(8, rect.top - menu.offsetHeight - 4);
    menu.style.left = `${left}px`;
    menu.style.top = `${top}px`;

    const buttons = [...menu.querySelectorAll('.role-item')];
    const start = buttons.find((b) => b.getAttribute('aria-checked') === 'true' && b.dataset.role) || buttons[0];
    start.focus();

    menu.addEventListener('click', (e) => {
      const item = e.target.closest('.role-item');
      if (!item) return;
      this.close(true);
      if (item.dataset.action === 'lock') grid.setLock(btn, item.getAttribute('aria-checked') !== 'true');
      else grid.change(btn, item.dataset.role || null);
    });
    menu.addEventListener('keydown', (e) => {
      const i = buttons.indexOf(document.activeElement);
      if (e.key === 'ArrowDown') buttons[(i + 1) % buttons.length].focus();
      else if (e.key === 'ArrowUp') buttons[(i - 1 + buttons.length) % buttons.length].focus();
      else if (e.key === 'Home') buttons[0].focus();
      else if (e.key === 'End') buttons[buttons.length - 1].focus();
      else if (e.key === 'Escape' || e.key === 'Tab') this.close(true);
      else return;
      e.preventDefault();
      e.stopPropagation();
    });
    // Clicking anywhere else closes the menu.
    this.onOutside = (e) => {
      if (!menu.contains(e.target)) this.close(false);
    };
    document.addEventListener('pointerdown', this.onOutside, true);
  }

  /** Close the role menu; `refocus` puts focus back on its cell. */
  close(refocus) {
    if (!this.shown) return;
    const { el, btn } = this.shown;
    this.shown = null;
    document.removeEventListener('pointerdown', this.onOutside, true);
    el.remove();
    if (refocus && btn.isConnected) btn.focus();
  }
}
