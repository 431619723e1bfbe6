// The plain-text part, written from the same view as the HTML (not a scrape of it).
import type { CallView, DigestView } from './view.js';

// Appended to one string, line by line (each line ends with \n): a run writes a hundred thousand of these.
function callText(call: CallView): string {
  let out = `* ${call.title}\n`;
  if (call.url) out += `  ${call.url}\n`;
  out += `  Financeur : ${call.funder}${call.sources ? ` · source : ${call.sources}` : ''}\n`;
  out += `  Date limite : ${call.deadline}${call.daysLeft ? ` (${call.daysLeft})` : ''}\n`;
  if (call.amount) out += `  Montant : ${call.amount}\n`;
  if (call.explanation) out += `  ${call.explanation}\n`;
  else if (call.terms) out += `  Pourquoi cet appel : ${call.terms}\n`;
  if (call.summary) out += `  ${call.summary}\n`;
  if (call.network?.euNotice) out += `  ${call.network.euNotice}\n`;
  if (call.network?.partners) out += `  ${call.network.partners}\n`;
  if (call.attribution) out += `  ${call.attribution}\n`;
  if (call.interestedUrl) out += `  Je suis intéressé : ${call.interestedUrl}\n`;
  if (call.notRelevantUrl) out += `  Pas pertinent ? ${call.notRelevantUrl}\n`;
  return `${out}\n`;
}

function heading(title: string): string {
  return `${title}\n${'='.repeat(Math.min(title.length, 72))}\n\n`;
}

export function renderDigestText(view: DigestView): string {
  let out = `VEILLE FINANCEMENTS, semaine ${view.weekNumber} (${view.dateLabel})\n\n${view.greeting}\n\n${view.intro}\n\n`;
  if (view.hasPicks) {
    out += `${heading('Sélection du réseau')}${view.picksIntro}\n\n`;
    for (const pick of view.picks) {
      out += `Le mot du réseau\u00a0: ${pick.note}\n`;
      if (pick.internalDeadline) out += `${pick.internalDeadline}\n`;
      out += callText(pick);
    }
  }
  if (view.hasFollowed) {
    out += `${heading('Vos appels suivis')}${view.followedIntro}\n\n`;
    for (const call of view.followed) {
      out += `Votre statut\u00a0: ${call.statusLabel}\n`;
      for (const change of call.changes) out += `${change}\n`;
      out += callText(call);
      if (call.statusUrl) out = `${out.slice(0, -1)}  Mettre à jour mon statut\u00a0: ${call.statusUrl}\n\n`;
    }
  }
  for (const group of view.groups) {
    if (group.showName) out += heading(`Profil « ${group.name} »`);
    for (const call of group.calls) out += callText(call);
    if (group.more) out += `${group.more}${group.moreUrl ? ` ${group.moreUrl}` : ''}\n\n`;
  }
  if (view.hasAlsoSee) {
    out += `${heading('À regarder aussi')}${view.alsoSeeIntro}\n\n`;
    for (const call of view.alsoSee) out += callText(call);
  }
  if (view.hasOpenToAll) {
    out += `${heading('Ouverts à toute association')}${view.openToAllIntro}\n\n`;
    for (const call of view.openToAll) out += callText(call);
  }
  if (view.hasAnticipate) {
    out += `${heading('À anticiper')}${view.anticipateIntro}\n\n`;
    for (const call of view.anticipate) {
      out += `* ${call.title}\n${call.url ? `  ${call.url}\n` : ''}  Financeur : ${call.funder}\n  ${call.expected}\n  ${call.lastEdition}\n\n`;
    }
  }
  if (view.hasClosing) {
    out += `${heading('Date limite proche')}${view.closingIntro}\n\n`;
    for (const call of view.closing) out += callText(call);
  }
  const { footer } = view;
  out += `-- \n${footer.reason}${footer.profiles ? ` ${footer.profiles}` : ''}\n`;
  out += footer.memberPageUrl
    ? `Pour modifier vos profils (mots-clés, exclusions, régions), mettre la lettre en pause ou régler vos rappels : votre page, lien ci-dessous. Une question ? Écrivez à l’équipe du réseau : ${footer.contactEmail}\n`
    : `Pour modifier vos profils (mots-clés, régions, types de financeurs), écrivez à l’équipe du réseau : ${footer.contactEmail}\n`;
  if (footer.calendarUrl) out += `Ajouter les dates limites à mon agenda : ${footer.calendarUrl}\n`;
  if (footer.feedUrl) out += `Suivre dans un lecteur de flux : ${footer.feedUrl}\n`;
  if (footer.memberPageUrl) out += `Ma page (appels suivis, profils, pause) : ${footer.memberPageUrl}\n`;
  return `${out}Se désabonner en un clic : ${footer.unsubscribeUrl}\n`;
}
