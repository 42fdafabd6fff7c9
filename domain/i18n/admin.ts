/**
 * Texts of the admin settings modal (W5, W6, W10, L7), in English and French. Each modal has its own
 * catalog (modal.ts holds what they share), so that a function's bundle carries only its own
 * modal's text. Titles, button texts and option texts stay within Slack's limits (24 and 75
 * characters); admin_test.ts checks them. Each modal has one name per language: its title, which
 * every text naming it uses (catalog_test.ts checks it, and that the English one is also its
 * shortcut's name in triggers/).
 */
import type { Catalog } from "./mod.ts";

export const ADMIN_TEXT = {
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
  admins_invalid: {
    en: "Pick people from the list (100 at most).",
    fr: "Choisissez des personnes dans la liste (100 au plus).",
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
