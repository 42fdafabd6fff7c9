/**
 * Texts of the admin settings, health overview and learner preference modals (W5, W6, W9, W10, L1,
 * L5, L7), in English and French. Modal titles, button texts and option texts stay within Slack's
 * limits (24 and 75 characters); admin_test.ts checks them. Each modal has one name per language:
 * its title, which every text naming it uses (catalog_test.ts checks it, and that the English one is
 * also its shortcut's name in triggers/).
 */
import type { Catalog, Entry } from "./mod.ts";

export const ADMIN_TEXT = {
  // ----- shared -----
  save: { en: "Save", fr: "Enregistrer" },
  cancel: { en: "Cancel", fr: "Annuler" },
  close: { en: "Close", fr: "Fermer" },
  loading: { en: "Loading…", fr: "Chargement…" },
  loadFailed: {
    en: "Could not load this (ref {ref}). Close this window and try again in a moment.",
    fr:
      "Impossible de charger ceci (réf. {ref}). Fermez cette fenêtre et réessayez dans un instant.",
  },
  saveFailed: {
    en: "Could not save settings (ref {ref}). Open this window again to see what was saved.",
    fr:
      "Impossible d’enregistrer les réglages (réf. {ref}). Rouvrez cette fenêtre pour voir ce qui a été enregistré.",
  },
  tampered: {
    en:
      "This form could not be verified, so nothing was saved. Open it again from its link and make your changes there.",
    fr:
      "Ce formulaire n’a pas pu être vérifié, rien n’a donc été enregistré. Rouvrez-le depuis son lien et refaites vos modifications.",
  },

  // ----- admin settings -----
  settingsTitle: { en: "Configure Session Bridge", fr: "Réglages Session Bridge" },
  settingsIntro: {
    en:
      "Changes apply to new attendees and notifications; conversations already under way stay in their thread and channel.",
    fr:
      "Les changements s’appliquent aux nouveaux participants et aux nouvelles notifications\u202F; les conversations en cours restent dans leur fil et leur canal.",
  },
  webinarHeader: { en: "Webinar relay", fr: "Relais des webinaires" },
  relayLabel: { en: "Attendee notifications", fr: "Notifications des participants" },
  relayEnabled: {
    en: "Relay webinar attendees to Slack",
    fr: "Relayer les participants des webinaires dans Slack",
  },
  relayEnabledHint: {
    en: "Off: nothing is posted for new attendees.",
    fr: "Désactivé\u202F: rien n’est publié pour les nouveaux participants.",
  },
  surfaceOnChat: {
    en: "Only surface attendees who start chatting",
    fr: "N’afficher que les participants qui écrivent dans le chat",
  },
  surfaceOnChatHint: {
    en: "Off: they appear when they register or join.",
    fr: "Désactivé\u202F: ils apparaissent à l’inscription ou à l’arrivée.",
  },
  modeLabel: { en: "Where attendees appear", fr: "Où apparaissent les participants" },
  modeSingle: { en: "One channel for every webinar", fr: "Un seul canal pour tous les webinaires" },
  modeSingleHint: { en: "The channel picked below.", fr: "Le canal choisi ci-dessous." },
  modePerWebinar: { en: "A separate channel per webinar", fr: "Un canal par webinaire" },
  modePerWebinarHint: {
    en: "Created at its first attendee; its moderators are invited.",
    fr: "Créé au premier participant\u202F; ses modérateurs y sont invités.",
  },
  channelLabel: {
    en: "Channel (one channel for every webinar)",
    fr: "Canal (un seul canal pour tous les webinaires)",
  },
  channelPlaceholder: { en: "Pick a channel", fr: "Choisissez un canal" },
  channelHint: {
    en:
      "A public channel: Session Bridge joins it by itself. A private channel: add the app to it first (channel name › Integrations › Add apps).",
    fr:
      "Un canal public\u202F: Session Bridge le rejoint tout seul. Un canal privé\u202F: ajoutez-y d’abord l’application (nom du canal › Intégrations › Ajouter des applications).",
  },
  prefixLabel: {
    en: "Channel name prefix (a channel per webinar)",
    fr: "Préfixe des noms de canaux (un canal par webinaire)",
  },
  prefixHint: {
    en:
      "Lowercase letters, digits, hyphens and underscores, up to {max} characters. A trailing hyphen reads best.",
    fr:
      "Lettres minuscules, chiffres, tirets et tirets bas, {max} caractères au plus. Terminez-le par un tiret, c’est plus lisible.",
  },
  prefixExample: {
    en: "Example: a webinar called “{title}” gets the channel #{name}",
    fr: "Exemple\u202F: un webinaire intitulé «\u202F{title}\u202F» aura le canal #{name}",
  },
  prefixExampleInvalid: {
    en: "No example yet: {problem}",
    fr: "Pas encore d’exemple\u202F: {problem}",
  },
  sampleTitle: {
    en: "Product Demo: Spring Launch",
    fr: "Démo produit\u202F: lancement de printemps",
  },
  learningHeader: { en: "Learning notifications", fr: "Notifications de formation" },
  learningLabel: { en: "Learning integration", fr: "Intégration de formation" },
  learningEnabled: {
    en: "Send learning notifications",
    fr: "Envoyer les notifications de formation",
  },
  learningEnabledHint: {
    en: "Off: nothing is sent to learners until it is back on.",
    fr: "Désactivé\u202F: rien n’est envoyé aux apprenants jusqu’à réactivation.",
  },
  typesLabel: {
    en: "Notification types sent in this workspace",
    fr: "Types de notifications envoyés dans cet espace",
  },
  typesHint: {
    en: "Learners can also turn types off for themselves with “My notifications”.",
    fr:
      "Les apprenants peuvent aussi désactiver des types pour eux-mêmes avec «\u202FMes notifications\u202F».",
  },
  type_session_assignment: {
    en: "Assignment to a path session",
    fr: "Assignation à une session de parcours",
  },
  type_session_information: {
    en: "Information within a path session",
    fr: "Informations d’une session de parcours",
  },
  type_path_step: {
    en: "Scheduled path-step messages",
    fr: "Messages programmés des étapes de parcours",
  },
  languageLabel: { en: "Language of channel messages", fr: "Langue des messages dans les canaux" },
  languageHint: {
    en: "Direct messages and these windows follow each person’s own Slack language.",
    fr: "Les messages privés et ces fenêtres suivent la langue Slack de chaque personne.",
  },
  languageEn: { en: "English", fr: "English" },
  languageFr: { en: "Français", fr: "Français" },
  adminsLabel: { en: "Session Bridge admins", fr: "Administrateurs de Session Bridge" },
  adminsPlaceholder: { en: "Add people", fr: "Ajouter des personnes" },
  adminsHint: {
    en:
      "Besides workspace admins and owners, these people can configure Session Bridge and see its health.",
    fr:
      "En plus des administrateurs et propriétaires de l’espace, ces personnes peuvent configurer Session Bridge et voir son état.",
  },

  // ----- field errors -----
  channel_required: {
    en: "Pick the channel attendees appear in, or choose a separate channel per webinar.",
    fr: "Choisissez le canal où apparaissent les participants, ou un canal par webinaire.",
  },
  channel_invalid: {
    en: "This is not a channel Session Bridge can use. Pick one from the list.",
    fr: "Session Bridge ne peut pas utiliser ce canal. Choisissez-en un dans la liste.",
  },
  channel_not_found: {
    en:
      "Session Bridge cannot see this channel. If it is private, add the app first: open the channel, click its name at the top, choose Integrations, then Add apps, and pick Session Bridge.",
    fr:
      "Session Bridge ne voit pas ce canal. S’il est privé, ajoutez d’abord l’application\u202F: ouvrez le canal, cliquez sur son nom en haut, choisissez Intégrations, puis Ajouter des applications, et sélectionnez Session Bridge.",
  },
  channel_archived: {
    en: "This channel is archived. Unarchive it, or pick another one.",
    fr: "Ce canal est archivé. Désarchivez-le, ou choisissez-en un autre.",
  },
  channel_private_not_member: {
    en:
      "Session Bridge is not in this private channel. Open the channel, click its name at the top, choose Integrations, then Add apps, and pick Session Bridge. Then save again.",
    fr:
      "Session Bridge n’est pas dans ce canal privé. Ouvrez le canal, cliquez sur son nom en haut, choisissez Intégrations, puis Ajouter des applications, et sélectionnez Session Bridge. Puis enregistrez à nouveau.",
  },
  channel_not_a_channel: {
    en: "Pick a channel, not a direct message.",
    fr: "Choisissez un canal, pas une conversation privée.",
  },
  channel_check_failed: {
    en: "Could not check this channel just now. Try saving again in a moment.",
    fr: "Impossible de vérifier ce canal pour l’instant. Réessayez d’enregistrer dans un instant.",
  },
  prefix_empty: {
    en: "Type a prefix, for example “webinar-”.",
    fr: "Saisissez un préfixe, par exemple «\u202Fwebinar-\u202F».",
  },
  prefix_too_long: {
    en:
      "Keep the prefix to {max} characters or fewer, so webinar names still fit in a channel name.",
    fr:
      "Limitez le préfixe à {max} caractères, pour que le nom du webinaire tienne encore dans le nom du canal.",
  },
  prefix_characters: {
    en: "Use only lowercase letters, digits, hyphens (-) and underscores (_).",
    fr:
      "Utilisez uniquement des lettres minuscules, des chiffres, des tirets (-) et des tirets bas (_).",
  },
  prefix_punctuation_only: {
    en: "Add at least one letter or digit.",
    fr: "Ajoutez au moins une lettre ou un chiffre.",
  },
  suggestion: { en: "Try “{suggestion}”.", fr: "Essayez «\u202F{suggestion}\u202F»." },
  invalid_option: {
    en: "Pick one of the options shown.",
    fr: "Choisissez une des options proposées.",
  },
  admins_invalid: {
    en: "Pick people from the list (100 at most).",
    fr: "Choisissez des personnes dans la liste (100 au plus).",
  },

  // ----- refusals -----
  refusedTitle: { en: "Session Bridge", fr: "Session Bridge" },
  refusedConfigure: {
    en:
      "Only Slack workspace admins and owners, and the people they name, can configure Session Bridge.",
    fr:
      "Seuls les administrateurs et propriétaires de l’espace Slack, et les personnes qu’ils désignent, peuvent configurer Session Bridge.",
  },
  refusedHealth: {
    en:
      "Only Slack workspace admins and owners, and the people they name, can see Session Bridge’s health.",
    fr:
      "Seuls les administrateurs et propriétaires de l’espace Slack, et les personnes qu’ils désignent, peuvent voir l’état de Session Bridge.",
  },
  refusedNamed: {
    en: "Session Bridge admins named so far: {names}. Ask one of them, or a workspace admin.",
    fr:
      "Administrateurs de Session Bridge désignés\u202F: {names}. Demandez à l’un d’eux, ou à un administrateur de l’espace.",
  },
  refusedNoneNamed: {
    en: "No one else has been named yet: ask a workspace admin or owner.",
    fr:
      "Personne d’autre n’a encore été désigné\u202F: demandez à un administrateur ou propriétaire de l’espace.",
  },
  refusedSubmit: {
    en: "You are not a Session Bridge admin, so these settings were not saved.",
    fr:
      "Vous n’êtes pas administrateur de Session Bridge\u202F: ces réglages n’ont pas été enregistrés.",
  },

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

  // ----- learner preferences -----
  prefsTitle: { en: "My notifications", fr: "Mes notifications" },
  prefsIntro: {
    en: "Choose which learning notifications Session Bridge sends you as direct messages.",
    fr:
      "Choisissez les notifications de formation que Session Bridge vous envoie en message privé.",
  },
  prefsLabel: { en: "Notifications I receive", fr: "Notifications que je reçois" },
  prefsOffByAdmin: {
    en: "Turned off for everyone by your admins, whatever you choose: {types}.",
    fr:
      "Désactivées pour tout le monde par vos administrateurs, quel que soit votre choix\u202F: {types}.",
  },
  prefsLearningOff: {
    en: "Learning notifications are turned off for the whole workspace at the moment.",
    fr: "Les notifications de formation sont désactivées pour tout l’espace en ce moment.",
  },
  prefsSaveFailed: {
    en: "Could not save your choices (ref {ref}). Open this window again to see what was saved.",
    fr:
      "Impossible d’enregistrer vos choix (réf. {ref}). Rouvrez cette fenêtre pour voir ce qui a été enregistré.",
  },
  prefsSaved: {
    en: "Saved. Session Bridge sends you the notifications you ticked, and no others.",
    fr: "Enregistré. Session Bridge vous envoie les notifications cochées, et aucune autre.",
  },
  prefsSavedNone: {
    en: "Saved. Session Bridge sends you no learning notifications until you tick some again.",
    fr:
      "Enregistré. Session Bridge ne vous envoie plus de notifications de formation, jusqu’à ce que vous en cochiez à nouveau.",
  },
  prefsCancelledSteps: {
    en: {
      one: "The scheduled message you turned off was cancelled.",
      other: "The {count} scheduled messages you turned off were cancelled.",
    },
    fr: {
      one: "Le message programmé que vous avez désactivé a été annulé.",
      other: "Les {count} messages programmés que vous avez désactivés ont été annulés.",
    },
  },

  // ----- confirmations -----
  settingsSaved: {
    en:
      "Saved. New attendees and notifications follow these settings; conversations already under way stay where they are.",
    fr:
      "Enregistré. Les nouveaux participants et les nouvelles notifications suivent ces réglages\u202F; les conversations en cours restent où elles sont.",
  },
  settingsUnchanged: {
    en: "Nothing to save: the settings were already these.",
    fr: "Rien à enregistrer\u202F: les réglages étaient déjà ceux-ci.",
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
