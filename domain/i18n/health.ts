/** Texts of the health overview modal (W9), in English and French (see admin.ts for the rules). */
import type { Catalog, Entry } from "./mod.ts";

export const HEALTH_TEXT = {
  // ----- health overview -----
  healthTitle: { en: "Session Bridge health", fr: "État de Session Bridge" },
  errorsHeader: { en: "Errors in the last 7 days", fr: "Erreurs des 7 derniers jours" },
  refusalsHeader: {
    en: "Events refused or ignored in the last 7 days",
    fr: "Événements refusés ou ignorés ces 7 derniers jours",
  },
  noRefusals: {
    en: "The platforms' events of the last 7 days were all accepted.",
    fr: "Les événements des plateformes de ces 7 derniers jours ont tous été acceptés.",
  },
  refusalRejected: { en: "refused", fr: "refusé" },
  refusalIgnored: { en: "ignored", fr: "ignoré" },
  refusalLatest: { en: "Latest: {example}", fr: "Dernier\u202F: {example}" },
  moreRefusalKinds: {
    en: {
      one: "…and {count} more reason, older or less frequent.",
      other: "…and {count} more reasons, older or less frequent.",
    },
    fr: {
      one: "…et {count} autre motif, plus ancien ou moins fréquent.",
      other: "…et {count} autres motifs, plus anciens ou moins fréquents.",
    },
  },
  noErrors: {
    en: "No errors in the last 7 days: everything Session Bridge tried worked.",
    fr:
      "Aucune erreur ces 7 derniers jours\u202F: tout ce que Session Bridge a tenté a fonctionné.",
  },
  errorTimes: {
    en: { one: "once, {when}", other: "{count} times, last {when}" },
    fr: { one: "une fois, {when}", other: "{count} fois, la dernière {when}" },
  },
  involved: { en: "Involved: {ids}", fr: "En cause\u202F: {ids}" },
  errorFixed: {
    en: "✅ Fixed: Session Bridge can post there again.",
    fr: "✅ Corrigé\u202F: Session Bridge peut de nouveau y publier.",
  },
  resolvedChannelCreated: {
    en: "✅ Resolved: every webinar named here has its channel now.",
    fr: "✅ Résolu\u202F: chaque webinaire cité ici a maintenant son canal.",
  },
  resolvedEventsStored: {
    en: "✅ Resolved: events from this platform have been stored since.",
    fr: "✅ Résolu\u202F: des événements de cette plateforme ont été enregistrés depuis.",
  },
  resolvedReplyRelayed: {
    en: "✅ Resolved: a moderator's reply has reached the platform since.",
    fr: "✅ Résolu\u202F: une réponse de modérateur est parvenue à la plateforme depuis.",
  },
  andMore: { en: "and {count} more", fr: "et {count} de plus" },
  moreErrorKinds: {
    en: {
      one: "…and {count} more kind of error, older or less frequent.",
      other: "…and {count} more kinds of error, older or less frequent.",
    },
    fr: {
      one: "…et {count} autre sorte d’erreur, plus ancienne ou moins fréquente.",
      other: "…et {count} autres sortes d’erreurs, plus anciennes ou moins fréquentes.",
    },
  },
  errorsCapped: {
    en: {
      one: "More than {count} error: the counts above cover {count} of them.",
      other: "More than {count} errors: the counts above cover {count} of them.",
    },
    fr: {
      one: "Plus de {count} erreur\u202F: les chiffres ci-dessus n’en couvrent que {count}.",
      other: "Plus de {count} erreurs\u202F: les chiffres ci-dessus n’en couvrent que {count}.",
    },
  },
  unmatchedHeader: { en: "Emails with no Slack account", fr: "E-mails sans compte Slack" },
  unmatchedIntro: {
    en:
      "These moderators and learners use an email nobody in Slack has, so Session Bridge cannot reach them. Use the same email in both places.",
    fr:
      "Ces modérateurs et apprenants utilisent un e-mail qu’aucun compte Slack n’a\u202F: Session Bridge ne peut pas les joindre. Utilisez le même e-mail des deux côtés.",
  },
  noUnmatched: {
    en: "Every moderator and learner email matched someone in Slack (last 30 days).",
    fr:
      "Chaque e-mail de modérateur et d’apprenant correspond à quelqu’un dans Slack (30 derniers jours).",
  },
  unmatchedLine: {
    en: "{email}: {count}× ({roles}), {where}",
    fr: "{email}\u202F: {count}× ({roles}), {where}",
  },
  roleModerator: { en: "moderator", fr: "modérateur" },
  roleLearner: { en: "learner", fr: "apprenant" },
  /** Who named an unmatched person: the webinar they moderate, the session or event for a learner. */
  namedByWebinar: { en: "webinar {webinar}", fr: "webinaire {webinar}" },
  namedByWebinarIn: {
    en: "webinar {webinar} in {channel}",
    fr: "webinaire {webinar} dans {channel}",
  },
  namedBySession: { en: "session “{title}”", fr: "session «\u202F{title}\u202F»" },
  namedByEvent: { en: "event {event}", fr: "événement {event}" },
  moreEmails: {
    en: { one: "…and {count} more email.", other: "…and {count} more emails." },
    fr: { one: "…et {count} autre e-mail.", other: "…et {count} autres e-mails." },
  },
  channelsHeader: {
    en: "Channels listened to for replies",
    fr: "Canaux écoutés pour les réponses",
  },
  channelsAllWatched: {
    en: {
      one: "The channel in use is listened to: moderators’ replies there reach attendees.",
      other:
        "All {count} channels in use are listened to: moderators’ replies there reach attendees.",
    },
    fr: {
      one:
        "Le canal utilisé est écouté\u202F: les réponses des modérateurs y parviennent aux participants.",
      other:
        "Les {count} canaux utilisés sont tous écoutés\u202F: les réponses des modérateurs y parviennent aux participants.",
    },
  },
  channelsNone: {
    en: "No channel is in use yet. Pick one in “Configure Session Bridge”.",
    fr:
      "Aucun canal n’est encore utilisé. Choisissez-en un dans «\u202FRéglages Session Bridge\u202F».",
  },
  channelsMissing: {
    en:
      "Not listened to: {channels}. Replies posted there do not reach attendees yet. Session Bridge starts listening when it next posts there; if this stays, check that the app is in the channel.",
    fr:
      "Non écoutés\u202F: {channels}. Les réponses qui y sont publiées n’atteignent pas encore les participants. Session Bridge commence à écouter dès sa prochaine publication\u202F; si cela persiste, vérifiez que l’application est dans le canal.",
  },
  channelsExtra: {
    en: "Also listened to, though no longer in use (harmless): {channels}",
    fr:
      "Également écoutés, bien qu’ils ne soient plus utilisés (sans conséquence)\u202F: {channels}",
  },
  channelsUnknown: {
    en: "Could not read the reply listeners just now ({code}). Refresh in a moment.",
    fr:
      "Impossible de savoir pour l’instant quels canaux sont écoutés ({code}). Actualisez dans un instant.",
  },
  eventsHeader: { en: "Last events received", fr: "Derniers événements reçus" },
  platformWebinar: { en: "Webinar platform", fr: "Plateforme de webinaires" },
  platformLearning: { en: "Learning platform", fr: "Plateforme de formation" },
  lastEvent: {
    en: "*{platform}*: {when}: {accepted}, {rejected}, {ignored}",
    fr: "*{platform}*\u202F: {when}\u202F: {accepted}, {rejected}, {ignored}",
  },
  countAccepted: {
    en: { other: "{count} accepted" },
    fr: { one: "{count} accepté", other: "{count} acceptés" },
  },
  countRejected: {
    en: { other: "{count} rejected" },
    fr: { one: "{count} refusé", other: "{count} refusés" },
  },
  countIgnored: {
    en: { other: "{count} ignored" },
    fr: { one: "{count} ignoré", other: "{count} ignorés" },
  },
  neverEvent: {
    en: "*{platform}*: nothing received yet. Check that the platform has the webhook URL.",
    fr:
      "*{platform}*\u202F: rien n’a encore été reçu. Vérifiez que la plateforme a l’URL du webhook.",
  },
  refresh: { en: "Refresh", fr: "Actualiser" },
  waitingHeader: { en: "Waiting to be delivered", fr: "En attente de livraison" },
  noWaiting: {
    en: "Nothing is waiting: every accepted event has reached Slack.",
    fr: "Rien n’attend\u202F: chaque événement accepté est arrivé dans Slack.",
  },
  waitingUnknown: {
    en: "Slack did not let Session Bridge read what is waiting ({code}); try Refresh.",
    fr:
      "Slack n’a pas laissé Session Bridge lire ce qui attend ({code})\u202F; essayez Actualiser.",
  },
  waitingIn: {
    en: {
      one: "• {where}: {count} notification waiting",
      other: "• {where}: {count} notifications waiting",
    },
    fr: {
      one: "• {where}\u202F: {count} notification en attente",
      other: "• {where}\u202F: {count} notifications en attente",
    },
  },
  waitingLastError: { en: " (last error `{code}`)", fr: " (dernière erreur `{code}`)" },
  waitingDms: { en: "learners' direct messages", fr: "messages directs aux apprenants" },
  waitingNoChannel: {
    en: "a webinar channel still to set up",
    fr: "un canal de webinaire à créer",
  },
  waitingHint: {
    en:
      "They go out on their own once the cause above is fixed; after fixing it, *Retry now* sends them at once instead of at their next retry.",
    fr:
      "Ils partent d’eux-mêmes une fois la cause ci-dessus corrigée\u202F; après correction, *Réessayer maintenant* les envoie tout de suite plutôt qu’à leur prochain essai.",
  },
  retryNow: { en: "Retry now", fr: "Réessayer maintenant" },
  waitingCapped: {
    en: "Counted from the first {count} waiting notifications; more are waiting.",
    fr: "Compté sur les {count} premières notifications en attente\u202F; d’autres attendent.",
  },
  retryStarted: {
    en:
      "Delivery resumed: the waiting notifications are being sent now. Refresh in a moment to see what is left.",
    fr:
      "Livraison relancée\u202F: les notifications en attente partent maintenant. Actualisez dans un instant pour voir ce qui reste.",
  },
  retryNotStarted: {
    en:
      "Session Bridge could not resume delivery just now; it retries on its own. Try again in a minute.",
    fr:
      "Session Bridge n’a pas pu relancer la livraison à l’instant\u202F; il réessaie tout seul. Réessayez dans une minute.",
  },
} satisfies Catalog;

/** The ids recorded with an error (activity rows' context), as admins read them in the health view. */
export const CONTEXT_LABELS: Record<string, Entry> = {
  channel: { en: "channel", fr: "canal" },
  event: { en: "event", fr: "événement" },
  webinar: { en: "webinar", fr: "webinaire" },
  attendee: { en: "attendee", fr: "participant" },
  session: { en: "session", fr: "session" },
  message: { en: "message", fr: "message" },
  reply: { en: "reply", fr: "réponse" },
  type: { en: "type", fr: "type" },
  fields: { en: "fields", fr: "champs" },
  method: { en: "method", fr: "méthode" },
  row: { en: "entry", fr: "entrée" },
  step: { en: "step", fr: "étape" },
  trigger: { en: "trigger", fr: "déclencheur" },
  user: { en: "person", fr: "personne" },
  platform: { en: "platform", fr: "plateforme" },
};
