// The plain-text part, written from the same view as the HTML (not a scrape of it).
import type { CallView, DigestView } from './view.js';

function callLines(call: CallView): string[] {
  return [
    `* ${call.title}`,
    ...(call.url ? [`  ${call.url}`] : []),
    `  Financeur : ${call.funder}${call.sources ? ` · source : ${call.sources}` : ''}`,
    `  Date limite : ${call.deadline}${call.daysLeft ? ` (${call.daysLeft})` : ''}`,
    ...(call.amount ? [`  Montant : ${call.amount}`] : []),
    ...(call.explanation ? [`  ${call.explanation}`] : call.terms ? [`  Pourquoi cet appel : ${call.terms}`] : []),
    ...(call.summary ? [`  ${call.summary}`] : []),
    ...(call.notRelevantUrl ? [`  Pas pertinent ? ${call.notRelevantUrl}`] : []),
    '',
  ];
}

function heading(title: string): string[] {
  return [title, '='.repeat(Math.min(title.length, 72)), ''];
}

export function renderDigestText(view: DigestView): string {
  const lines: string[] = [
    `VEILLE FINANCEMENTS, semaine ${view.weekNumber} (${view.dateLabel})`,
    '',
    view.greeting,
    '',
    view.intro,
    '',
  ];
  for (const group of view.groups) {
    if (group.showName) lines.push(...heading(`Profil « ${group.name} »`));
    for (const call of group.calls) lines.push(...callLines(call));
  }
  if (view.hasClosing) {
    lines.push(...heading('Date limite proche'), view.closingIntro, '');
    for (const call of view.closing) lines.push(...callLines(call));
  }
  lines.push(
    '-- ',
    `${view.footer.reason}${view.footer.profiles ? ` ${view.footer.profiles}` : ''}`,
    `Pour modifier vos profils (mots-clés, régions, types de financeurs), écrivez à l’équipe du réseau : ${view.footer.contactEmail}`,
    ...(view.footer.calendarUrl ? [`Ajouter les dates limites à mon agenda : ${view.footer.calendarUrl}`] : []),
    ...(view.footer.feedUrl ? [`Suivre dans un lecteur de flux : ${view.footer.feedUrl}`] : []),
    `Se désabonner en un clic : ${view.footer.unsubscribeUrl}`,
    '',
  );
  return lines.join('\n');
}
