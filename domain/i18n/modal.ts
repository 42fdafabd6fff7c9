/**
 * What the three modals (admin settings, health overview, learner preferences) share, in English
 * and French: buttons, loading and failure texts, the refusal shown to someone who may not open a
 * modal, and the error for a choice the form does not offer.
 */
import type { Catalog } from "./mod.ts";

export const MODAL_TEXT = {
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

  // ----- a choice the form does not offer (settings and preferences) -----
  invalid_option: {
    en: "Pick one of the options shown.",
    fr: "Choisissez une des options proposées.",
  },
} satisfies Catalog;
