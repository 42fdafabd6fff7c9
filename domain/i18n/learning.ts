/** Texts of the learning DMs (L2-L6), in each learner's Slack locale (P4). */
import type { Catalog, Entry } from "./mod.ts";
import type { NotificationType } from "../settings.ts";

export const LEARNING_TEXT = {
  openSession: { en: "Open session", fr: "Ouvrir la session" },
  manageNotifications: { en: "Manage notifications", fr: "Gérer les notifications" },
  labelStarts: { en: "Starts:", fr: "Début\u202F:" },
  labelEnds: { en: "Ends:", fr: "Fin\u202F:" },
  /** The notification's push text: the title, then the session. */
  fallback: { en: "{title}: {session}", fr: "{title}\u202F: {session}" },
  coverAlt: { en: "Cover image of {session}", fr: "Image de couverture de {session}" },
  logoAlt: { en: "Logo of {group}", fr: "Logo de {group}" },
  /** When the “My notifications” link trigger cannot be found. */
  findPreferences: {
    en:
      "To choose which learning notifications you receive, open “My notifications” from the shortcuts (ask your Slack admin for its link).",
    fr:
      "Pour choisir les notifications de formation que vous recevez, ouvrez «\u202FMes notifications\u202F» depuis les raccourcis, où il s’appelle My notifications (demandez-en le lien à votre administrateur Slack).",
  },
} satisfies Catalog;

/**
 * How each notification type is named to learners, as their own choices (L5): the seed's wording
 * (“Je suis assigné à une session…”, “…à laquelle je suis inscrit(e)”), with “parcours” for “path”
 * as everywhere else in the app, inclusive forms as in the webinar texts, and within Slack's 75
 * characters for an option.
 */
export const NOTIFICATION_TYPE_LABELS: Record<NotificationType, Entry> = {
  session_assignment: {
    en: "I am assigned to a path session",
    fr: "Je suis assigné·e à une session de parcours",
  },
  session_information: {
    en: "I receive information within a path session I am enrolled in",
    fr: "Je reçois des informations d’une session de parcours où je suis inscrit·e",
  },
  path_step: {
    en: "Messages scheduled as steps of my path",
    fr: "Messages programmés comme étapes de mon parcours",
  },
};
