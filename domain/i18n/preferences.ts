/** Texts of the learner preferences modal (L1, L5), in English and French (see admin.ts). */
import type { Catalog } from "./mod.ts";

export const PREFS_TEXT = {
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
} satisfies Catalog;
