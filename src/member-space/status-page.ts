// The French pages behind a call's status link (« Je suis intéressé », « Dossier déposé »…): confirmation, done,
// and problems. Pure: a view in, HTML out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import { FOLLOW_STATUSES, STATUS_LABELS, type FollowStatus } from '../follow/statuses.js';
import { templatesDir } from '../paths.js';
import { frenchSpaces } from '../typography.js';

let templates: { page: string; style: string } | undefined;

function load(): { page: string; style: string } {
  templates ??= {
    // French spacing in the template's own text, once (its values are spaced where they are built).
    page: frenchSpaces(readFileSync(join(templatesDir, 'call-status.html'), 'utf8')),
    style: readFileSync(join(templatesDir, 'member-style.html'), 'utf8'),
  };
  return templates;
}

export interface StatusCallView {
  title: string;
  funder: string;
  deadline: string | null;
}

export interface StatusConfirmView extends StatusCallView {
  /** The status the page proposes (checked). */
  proposed: FollowStatus;
  current: FollowStatus | null;
  closed: boolean;
  next: string;
  action: string;
  memberPageUrl: string;
}

function render(view: object): string {
  const { page, style } = load();
  return Mustache.render(page, view, { style });
}

export function renderStatusConfirm(view: StatusConfirmView): string {
  const heading = view.proposed === 'interested' && view.current === null ? 'Vous êtes intéressé·e par cet appel\u00a0?' : 'Où en êtes-vous avec cet appel\u00a0?';
  return render({
    pageTitle: heading,
    memberPageUrl: view.memberPageUrl,
    confirm: {
      heading,
      title: view.title,
      funder: view.funder,
      deadline: view.deadline,
      current: view.current ? STATUS_LABELS[view.current] : null,
      closed: view.closed,
      choices: FOLLOW_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value], checked: value === view.proposed })),
      next: view.next,
      action: view.action,
    },
  });
}

export function renderStatusDone(view: StatusCallView & { status: FollowStatus; next: string; memberPageUrl: string }): string {
  const label = STATUS_LABELS[view.status];
  return render({
    pageTitle: `C’est noté : ${label}`,
    memberPageUrl: view.memberPageUrl,
    done: { label: `«\u00a0${label}\u00a0»`, title: view.title, deadline: view.deadline, next: view.next },
  });
}

/** A page saying what is wrong (bad link, unknown call, unknown status…); nothing was changed. */
export function renderProblem(heading: string, message: string, memberPageUrl: string | null = null): string {
  return render({ pageTitle: heading, error: true, problem: { heading, message }, memberPageUrl });
}
