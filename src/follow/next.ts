// What happens next once a member gives a call a status: the sentence their confirmation page shows. Pure.
import { frenchList } from '../digest/format.js';
import type { FollowSettings } from './settings.js';
import { SUBMITTED_CHECK_DAYS } from './settings.js';
import type { FollowStatus } from './statuses.js';

function days(n: number): string {
  return `${n}\u00a0jour${n > 1 ? 's' : ''}`;
}

/** « Vous recevrez un rappel 14 jours et 3 jours avant la date limite… », per status and the member's settings. */
export function whatHappensNext(status: FollowStatus, settings: FollowSettings, callOpen: boolean): string {
  switch (status) {
    case 'interested':
    case 'applying': {
      const reminders = !callOpen
        ? 'Cet appel est clos\u00a0: aucun rappel ne sera envoyé.'
        : settings.remindersEnabled
          ? `Vous recevrez un rappel par courriel ${frenchList(settings.leadDays.map(days))} avant la date limite` +
            (status === 'applying' ? `, et ${days(SUBMITTED_CHECK_DAYS)} avant, la question «\u00a0Votre dossier est-il déposé\u00a0?\u00a0»` : '') +
            ' (délais modifiables sur votre page).'
          : 'Vos rappels par courriel sont désactivés (vous pouvez les réactiver sur votre page).';
      return `${reminders} L’appel figure en tête de votre agenda, avec des alertes, et dans «\u00a0Vos appels suivis\u00a0» de votre lettre hebdomadaire.`;
    }
    case 'submitted':
      return 'Plus de rappel pour cet appel. Quand vous aurez la réponse du financeur, indiquez-la sur votre page («\u00a0Obtenu\u00a0» ou «\u00a0Refusé\u00a0»)\u00a0: cela aide l’équipe à savoir quelles sources sont utiles.';
    case 'won':
      return 'Félicitations\u00a0! Plus de rappel pour cet appel. Merci de l’avoir indiqué\u00a0: cela aide l’équipe à savoir quelles sources sont utiles.';
    case 'lost':
      return 'Dommage. Plus de rappel pour cet appel. Merci de l’avoir indiqué\u00a0: cela aide l’équipe à savoir quelles sources sont utiles.';
    case 'none':
      return 'Cet appel ne figure plus dans vos appels suivis et vous ne recevrez plus de rappel à son sujet. Il peut encore apparaître dans votre lettre s’il correspond à vos profils.';
  }
}
