/** How to fix each recorded error (W9), in the admin's language. */
import type { Catalog } from "./mod.ts";

export const REMEDIATION = {
  not_in_channel: {
    en:
      "Session Bridge is not in {channel}. Open the channel, click its name at the top, choose Integrations, then Add apps, and pick Session Bridge.",
    fr:
      "Session Bridge n’est pas dans {channel}. Ouvrez le canal, cliquez sur son nom en haut, choisissez Intégrations, puis Ajouter des applications, et sélectionnez Session Bridge.",
  },
  channel_not_found: {
    en:
      "The channel {channel} no longer exists or Session Bridge cannot see it. Pick another channel in “Configure Session Bridge”, or add the app to that private channel.",
    fr:
      "Le canal {channel} n’existe plus ou Session Bridge ne le voit pas. Choisissez un autre canal dans «\u202FRéglages Session Bridge\u202F», ou ajoutez l’application à ce canal privé.",
  },
  is_archived: {
    en:
      "The channel {channel} is archived. Unarchive it, or pick another channel in “Configure Session Bridge”.",
    fr:
      "Le canal {channel} est archivé. Désarchivez-le, ou choisissez un autre canal dans «\u202FRéglages Session Bridge\u202F».",
  },
  not_configured: {
    en:
      "No channel is set for attendee notifications. Open “Configure Session Bridge” and pick a channel, or choose a channel per webinar. Events wait and are posted once it is set.",
    fr:
      "Aucun canal n’est choisi pour les notifications des participants. Ouvrez «\u202FRéglages Session Bridge\u202F» et choisissez un canal, ou un canal par webinaire. Les événements attendent et seront publiés ensuite.",
  },
  channel_create_failed: {
    en:
      "Session Bridge could not create the channel {channel} ({code}). Check that apps may create channels in this workspace, or change the prefix in “Configure Session Bridge”.",
    fr:
      "Session Bridge n’a pas pu créer le canal {channel} ({code}). Vérifiez que les applications peuvent créer des canaux dans cet espace, ou changez le préfixe dans «\u202FRéglages Session Bridge\u202F».",
  },
  missing_scope: {
    en:
      "Session Bridge lacks a permission ({code}). Reinstall the app with `slack deploy` so Slack grants the scopes in its manifest.",
    fr:
      "Il manque une autorisation à Session Bridge ({code}). Réinstallez l’application avec `slack deploy` pour que Slack accorde les permissions de son manifeste.",
  },
  ratelimited: {
    en:
      "Slack asked Session Bridge to slow down. Nothing is lost: waiting events are posted as soon as Slack allows.",
    fr:
      "Slack a demandé à Session Bridge de ralentir. Rien n’est perdu\u202F: les événements en attente sont publiés dès que Slack le permet.",
  },
  slack_unavailable: {
    en:
      "Slack did not answer. Session Bridge retries on its own; if this keeps happening, check status.slack.com.",
    fr:
      "Slack n’a pas répondu. Session Bridge réessaie tout seul\u202F; si cela persiste, consultez status.slack.com.",
  },
  platform_unavailable: {
    en:
      "The webinar platform did not answer, so a reply could not be delivered. Check the platform's status, then resend the reply from Slack.",
    fr:
      "La plateforme de webinaire n’a pas répondu, une réponse n’a donc pas pu être transmise. Vérifiez l’état de la plateforme, puis renvoyez la réponse depuis Slack.",
  },
  platform_rejected: {
    en:
      "The webinar platform refused a reply ({code}). Check the API token set with `slack env add WEBINAR_API_TOKEN`, and that the attendee still exists.",
    fr:
      "La plateforme de webinaire a refusé une réponse ({code}). Vérifiez le jeton défini avec `slack env add WEBINAR_API_TOKEN`, et que le participant existe encore.",
  },
  platform_domain_not_allowed: {
    en:
      'Slack blocked a reply on its way to the webinar platform: {code}. Put the host of WEBINAR_API_URL in deploy_config.json ("webinarApiDomain") and run `slack deploy` again, then resend the reply from Slack.',
    fr:
      "Slack a bloqué une réponse en route vers la plateforme de webinaire : {code}. Indiquez l’hôte de WEBINAR_API_URL dans deploy_config.json (« webinarApiDomain ») et relancez `slack deploy`, puis renvoyez la réponse depuis Slack.",
  },
  platform_not_configured: {
    en:
      "Replies cannot reach attendees: set the webinar platform's API with `slack env add WEBINAR_API_URL …` and `slack env add WEBINAR_API_TOKEN …`.",
    fr:
      "Les réponses ne peuvent pas atteindre les participants\u202F: définissez l’API de la plateforme avec `slack env add WEBINAR_API_URL …` et `slack env add WEBINAR_API_TOKEN …`.",
  },
  reply_not_sent: {
    en:
      "A moderator's reply was not sent ({code}); its writer was told in the thread to send it again. If it keeps happening, look at `slack activity` for details.",
    fr:
      "La réponse d’un modérateur n’a pas été envoyée ({code})\u202F; son auteur a été prévenu dans le fil de la renvoyer. Si cela se répète, consultez `slack activity`.",
  },
  reply_without_text: {
    en:
      "A reply had no text to pass on: only text reaches attendees (files and images stay in Slack). Its writer was told in the thread.",
    fr:
      "Une réponse ne contenait aucun texte à transmettre\u202F: seul le texte parvient aux participants (fichiers et images restent dans Slack). Son auteur a été prévenu dans le fil.",
  },
  bad_secret: {
    en:
      "An event arrived with a missing or wrong shared secret and was refused. Make sure the platform sends the secret set with `slack env add {secret_name}`; if you did not expect events, rotate the webhook URL.",
    fr:
      "Un événement est arrivé avec un secret partagé absent ou faux et a été refusé. Vérifiez que la plateforme envoie le secret défini avec `slack env add {secret_name}`\u202F; sinon, changez l’URL du webhook.",
  },
  invalid_event: {
    en:
      "The platform sent an event that does not follow the event contract (docs/events.md): {detail}. Fix the payload on the platform side; nothing was posted for it.",
    fr:
      "La plateforme a envoyé un événement qui ne respecte pas le contrat (docs/events.md)\u202F: {detail}. Corrigez le contenu côté plateforme\u202F; rien n’a été publié.",
  },
  moderator_not_in_slack: {
    en:
      "A moderator's email matches no one in Slack, so they were not invited to {channel}. Use the same email in both places, or invite them by hand.",
    fr:
      "L’e-mail d’un modérateur ne correspond à personne dans Slack\u202F: il n’a pas été invité dans {channel}. Utilisez le même e-mail des deux côtés, ou invitez-le à la main.",
  },
  learner_not_in_slack: {
    en:
      "A learner's email matches no one in Slack, so their notification was not sent. Learners receive DMs only when their email is the same in both places.",
    fr:
      "L’e-mail d’un apprenant ne correspond à personne dans Slack\u202F: sa notification n’a pas été envoyée. Les apprenants ne reçoivent de messages que si leur e-mail est le même des deux côtés.",
  },
  time_in_past: {
    en:
      "A path-step message asked for a time in the past and was not scheduled. Send it with a future time.",
    fr:
      "Un message d’étape de parcours demandait une heure passée et n’a pas été programmé. Renvoyez-le avec une heure future.",
  },
  schedule_failed: {
    en:
      "Slack refused to schedule a path-step message ({code}). It will be tried again; if it keeps failing, check the learner's DMs with the app.",
    fr:
      "Slack a refusé de programmer un message d’étape ({code}). Il sera retenté\u202F; si l’échec persiste, vérifiez les messages privés de l’apprenant avec l’application.",
  },
  delivery_gave_up: {
    en:
      "An event could not be delivered for 7 days and was set aside ({code}). Fix the cause shown above; new events are not affected.",
    fr:
      "Un événement n’a pas pu être livré pendant 7 jours et a été mis de côté ({code}). Corrigez la cause indiquée ci-dessus\u202F; les nouveaux événements ne sont pas concernés.",
  },
  unexpected: {
    en:
      "Something unexpected failed ({code}). Session Bridge retries on its own; if it persists, look at `slack activity` for details.",
    fr:
      "Un échec inattendu s’est produit ({code}). Session Bridge réessaie tout seul\u202F; si cela persiste, consultez `slack activity`.",
  },
} satisfies Catalog;

export type RemediationCode = keyof typeof REMEDIATION;

/** Maps a Slack or platform error code to the fix an admin should read. */
export function remediationCodeFor(code: string): RemediationCode {
  if (code in REMEDIATION) return code as RemediationCode;
  if (code === "ratelimited" || code === "rate_limited") return "ratelimited";
  if (
    code.startsWith("http_5") || code === "network_error" || code === "internal_error" ||
    code === "fatal_error"
  ) {
    return "slack_unavailable";
  }
  if (code === "missing_scope" || code === "not_allowed_token_type") return "missing_scope";
  if (code === "users_not_found") return "learner_not_in_slack";
  return "unexpected";
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const MATCHERS: ReadonlyArray<{ code: RemediationCode; re: RegExp; names: string[] }> = Object
  .entries(REMEDIATION).flatMap(([code, entry]) =>
    [entry.en, entry.fr].map((template) => {
      const names: string[] = [];
      const pattern = template.split(/\{([a-z_]+)\}/).map((part, i) => {
        if (i % 2 === 0) return escapeRegExp(part);
        names.push(part);
        return "([\\s\\S]*?)";
      }).join("");
      // Object.entries loses the key type; these keys are REMEDIATION's own.
      return { code: code as RemediationCode, re: new RegExp(`^${pattern}$`), names };
    })
  );

/**
 * Recognises a fix recorded earlier (in either language) and returns its code and the values that
 * filled its placeholders, so the health overview can show it again in the reader's language.
 * null when the text matches no current entry (the catalog changed since): show it as stored.
 */
export function matchRemediation(
  text: string,
): { code: RemediationCode; params: Record<string, string> } | null {
  for (const { code, re, names } of MATCHERS) {
    const m = re.exec(text);
    if (!m) continue;
    const params: Record<string, string> = {};
    let consistent = true;
    names.forEach((name, i) => {
      const value = m[i + 1] ?? "";
      if (name in params && params[name] !== value) consistent = false;
      params[name] = value;
    });
    if (consistent) return { code, params };
  }
  return null;
}
