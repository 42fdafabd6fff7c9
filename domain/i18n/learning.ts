/** Texts of the learning DMs (L2-L6), in each learner's Slack locale (P4). */
import type { Catalog, Entry } from "./mod.ts";
import type { NotificationType } from "../settings.ts";

export const LEARNING_TEXT = {
  openSession: { en: "Open session", fr: "Ouvrir la session" },
  manageNotifications: { en: "Manage notifications", fr: "Gérer les notifications" },
  labelStarts: { en: "Starts:", fr: "Début :" },
  labelEnds: { en: "Ends:", fr: "Fin :" },
  /** The notification's push text: the title, then the session. */
  fallback: { en: "{title}: {session}", fr: "{title} : {session}" },
  coverAlt: { en: "Cover image of {session}", fr: "Image de couverture de {session}" },
  logoAlt: { en: "Logo of {group}", fr: "Logo de {group}" },
  /** When the “My learning notifications” link trigger cannot be found. */
  findPreferences: {
    en:
      "To choose which learning notifications you receive, run the “My learning notifications” workflow (ask your Slack admin for its link).",
    fr:
      "Pour choisir les notifications de formation que vous recevez, lancez le workflow « My learning notifications » (demandez-en le lien à votre administrateur Slack).",
  },
} satisfies Catalog;

/** How each notification type is named to learners (L5) and admins (L7): the seed's wording. */
export const NOTIFICATION_TYPE_LABELS: Record<NotificationType, Entry> = {
  session_assignment: {
    en: "I am assigned to a path session",
    fr: "Je suis assigné·e à une session de chemin",
  },
  session_information: {
    en: "I receive information within a path session I am enrolled in",
    fr:
      "Je reçois des informations dans le cadre d’une session de chemin à laquelle je suis inscrit·e",
  },
  path_step: {
    en: "Messages scheduled as path steps",
    fr: "Messages planifiés comme étapes d’un chemin",
  },
};
