/** Channel texts of the webinar relay (W1-W4, W7), in the workspace's language. */
import type { Catalog, Entry } from "./mod.ts";

export const WEBINAR_TEXT = {
  parentRegistered: {
    en: "{name} registered for {webinar}",
    fr: "{name} s’est inscrit·e à {webinar}",
  },
  parentJoined: { en: "{name} joined {webinar}", fr: "{name} a rejoint {webinar}" },
  parentChatting: {
    en: "{name} started chatting in {webinar}",
    fr: "{name} a commencé à discuter dans {webinar}",
  },
  labelEmail: { en: "Email:", fr: "E-mail\u202F:" },
  labelWebinar: { en: "Webinar:", fr: "Webinaire\u202F:" },
  labelSessionType: { en: "Session type:", fr: "Type de session\u202F:" },
  labelSessionStart: { en: "Session start:", fr: "Début de la session\u202F:" },
  labelJoined: { en: "Joined:", fr: "Heure d’arrivée\u202F:" },
  labelRegistered: { en: "Registered:", fr: "Inscription\u202F:" },
  notJoinedYet: { en: "not yet", fr: "pas encore" },
  replyInChat: { en: "Reply in chat", fr: "Répondre dans le chat" },
  threadHint: {
    en:
      "Reply in this thread to answer {name}: it reaches them in the webinar chat, or by email when they are offline.",
    fr:
      "Répondez dans ce fil pour écrire à {name}\u202F: le message arrive dans le chat du webinaire, ou par e-mail si la personne n’est plus connectée.",
  },
  joinedNote: { en: "Joined the session", fr: "A rejoint la session" },
  registeredNote: { en: "Registered again", fr: "S’est réinscrit·e" },
  chatLabel: { en: "Chat message", fr: "Message de chat" },
  /** Which part of a message too long for one Slack message: "(1/2)". */
  partOf: { en: "({part}/{parts})", fr: "({part}/{parts})" },
  chatFallback: { en: "{name}: {text}", fr: "{name}\u202F: {text}" },
  interactionPoll: { en: "Poll", fr: "Sondage" },
  interactionQuestion: { en: "Question", fr: "Question" },
  interactionOffer: { en: "Offer", fr: "Offre" },
  interactionHandout: { en: "Handout", fr: "Document" },
  interactionQuiz: { en: "Quiz", fr: "Quiz" },
  interactionOther: { en: "Interaction", fr: "Interaction" },
  /** The heading of an interaction response: "Poll:", "Question (1/2):". */
  interactionHeading: { en: "{kind}{part}:", fr: "{kind}{part}\u202F:" },
  interactionFallback: {
    en: "{name} answered {kind} “{title}”: {response}",
    // Not "a répondu à {kind}": French needs the article of each kind (au sondage, à la question).
    fr: "Réponse de {name} ({kind}) «\u202F{title}\u202F»\u202F: {response}",
  },
  replyFailed: {
    en: "Could not deliver this reply to {name}: {reason}. Try again, or use “Reply in chat”.",
    fr:
      "Impossible de transmettre cette réponse à {name}\u202F: {reason}. Réessayez, ou utilisez «\u202FRépondre dans le chat\u202F».",
  },
  replyFailedLater: {
    en: "The webinar platform reports this reply did not reach {name}: {reason}.",
    fr:
      "La plateforme de webinaire indique que cette réponse n’a pas atteint {name}\u202F: {reason}.",
  },
  repliedAsPrimary: {
    en:
      "this reply reached {name} as {primary}: only the webinar's moderators reply under their own name.",
    fr:
      "cette réponse est parvenue à {name} au nom de {primary}\u202F: seuls les modérateurs du webinaire répondent sous leur propre nom.",
  },
  reasonPlatformDown: {
    en: "the webinar platform did not answer",
    fr: "la plateforme de webinaire n’a pas répondu",
  },
  reasonRejected: {
    en: "the webinar platform refused it",
    fr: "la plateforme de webinaire l’a refusée",
  },
  reasonUnknownAttendee: {
    en: "the platform no longer knows this attendee",
    fr: "la plateforme ne connaît plus ce participant",
  },
  reasonNotConfigured: {
    en: "the webinar platform's API is not configured",
    fr: "l’API de la plateforme de webinaire n’est pas configurée",
  },
  reasonDomainNotAllowed: {
    en: "Slack blocked the call: the platform's host is not among the app's outgoing domains",
    fr:
      "Slack a bloqué l’appel : l’hôte de la plateforme ne fait pas partie des domaines sortants de l’application",
  },
  reasonNoText: {
    en: "it has no text, and only text reaches attendees (files and images stay in Slack)",
    fr:
      "elle ne contient pas de texte, et seul le texte parvient aux participants (fichiers et images restent dans Slack)",
  },
  reasonNotSent: {
    en: "Session Bridge failed before sending it ({code})",
    fr: "Session Bridge a échoué avant de l’envoyer ({code})",
  },
  replyTooLong: {
    en: "the reply is longer than the platform accepts",
    fr: "la réponse dépasse la longueur acceptée par la plateforme",
  },
} satisfies Catalog;

/**
 * Session types the contract names (docs/events.md), as moderators read them; a type not listed
 * here is shown as the platform sent it.
 */
export const SESSION_TYPES: Record<string, Entry> = {
  live: { en: "Live", fr: "En direct" },
  replay: { en: "Replay", fr: "Rediffusion" },
  on_demand: { en: "On demand", fr: "À la demande" },
  simulive: { en: "Simulive", fr: "Préenregistrée (simulive)" },
};
