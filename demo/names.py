"""The demo company's names by origin, and the languages spoken at home."""

from dataclasses import dataclass


def _names(text: str) -> list[str]:
    """Comma-separated, because some names hold a space (Le Gall, De Luca)."""
    return [name.strip() for name in text.split(",")]


@dataclass(frozen=True)
class Origin:
    feminine: list[str]
    masculine: list[str]
    last: list[str]
    languages: list[str]  # spoken at home by some, besides the site's language


NAMES = {
    "fr": Origin(
        _names(
            "Camille, Léa, Manon, Chloé, Sarah, Emma, Julie, Claire, Sophie, Nathalie, Isabelle, "
            "Valérie, Sandrine, Céline, Aurélie, Élodie, Pauline, Mathilde, Lucie, Anaïs, Marion, "
            "Charlotte, Juliette, Louise, Agnès, Catherine, Martine, Hélène, Margaux, Justine"
        ),
        _names(
            "Thomas, Nicolas, Julien, Maxime, Antoine, Alexandre, Hugo, Lucas, Louis, Paul, "
            "Pierre, Jean, François, Philippe, Laurent, Olivier, Christophe, Stéphane, Frédéric, "
            "Sébastien, Mathieu, Guillaume, Romain, Théo, Nathan, Bruno, Éric, Patrick, Alain, "
            "Vincent"
        ),
        _names(
            "Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, "
            "Simon, Laurent, Lefebvre, Michel, David, Bertrand, Roux, Vincent, Fournier, Morel, "
            "Girard, André, Mercier, Dupont, Lambert, Bonnet, Legrand, Garnier, Faure, Rousseau, "
            "Blanc, Guérin, Muller, Henry, Roussel, Perrin, Morin, Clément, Gauthier, Dumont, "
            "Fontaine, Chevalier, Robin, Masson, Le Gall, Le Goff, Kerbrat, Da Silva, Pereira, "
            "Cohen, Lévy, Marchand, Lemoine, Delaunay, Boyer, Caron, Renaud"
        ),
        [],
    ),
    "maghreb": Origin(
        _names("Yasmine, Nadia, Fatima, Aïcha, Leïla, Amina, Samira, Inès, Myriam, Sofia"),
        _names("Karim, Mehdi, Yanis, Rachid, Sofiane, Nassim, Bilal, Samir, Adam, Ilyes"),
        _names(
            "Benali, Haddad, Mansouri, Bouzid, Belkacem, Cherif, Amrani, Benyahia, Khelifi, Saidi"
        ),
        ["ar"],
    ),
    "west_africa": Origin(
        _names("Awa, Fatoumata, Aminata, Mariam, Kadiatou, Aïssatou"),
        _names("Mamadou, Moussa, Ibrahima, Ousmane, Cheikh, Abdoulaye"),
        _names("Diallo, Traoré, Ndiaye, Diop, Koné, Camara, Sow, Cissé"),
        ["wo"],
    ),
    "vietnam": Origin(
        _names("Linh, Mai, Lan, Thu, Hoa"),
        _names("Minh, Duc, Huy, Long, Tuan"),
        _names("Nguyen, Tran, Pham, Le, Hoang, Vu"),
        ["vi"],
    ),
    "es": Origin(
        _names("Lucía, María, Carmen, Ana, Laura, Marta, Paula, Elena, Sofía, Alba"),
        _names("Javier, Carlos, Alejandro, Pablo, Daniel, David, Sergio, Miguel, Jorge, Álvaro"),
        _names(
            "García, Fernández, González, Rodríguez, López, Martínez, Sánchez, Pérez, Gómez, "
            "Ruiz, Díaz, Moreno, Muñoz, Álvarez, Romero, Navarro"
        ),
        [],
    ),
    "gb": Origin(
        _names("Olivia, Amelia, Emily, Sophie, Charlotte, Priya, Aisha, Grace, Hannah, Jessica"),
        _names("Oliver, James, Harry, George, William, Jack, Daniel, Samuel, Arjun, Rohan"),
        _names(
            "Smith, Jones, Williams, Taylor, Brown, Davies, Evans, Wilson, Thomas, Johnson, "
            "Patel, Khan, Roberts, Walker, Wright, Clarke"
        ),
        [],
    ),
    "de": Origin(
        _names("Anna, Lena, Laura, Julia, Katharina, Sabine, Lea, Hannah, Johanna, Miriam"),
        _names(
            "Lukas, Jonas, Felix, Maximilian, Tobias, Florian, Stefan, Jan, Matthias, Sebastian"
        ),
        _names(
            "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, "
            "Koch, Richter, Klein, Wolf, Schröder, Neumann"
        ),
        [],
    ),
    "it": Origin(
        _names(
            "Giulia, Francesca, Chiara, Sara, Martina, Valentina, Alessia, Elena, Federica, Silvia"
        ),
        _names(
            "Marco, Alessandro, Luca, Matteo, Lorenzo, Andrea, Giovanni, Francesco, Davide, Simone"
        ),
        _names(
            "Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, "
            "Bruno, Gallo, Conti, De Luca, Costa, Giordano"
        ),
        [],
    ),
}
ORIGINS_BY_COUNTRY = {
    "FR": {"fr": 0.8, "maghreb": 0.1, "west_africa": 0.05, "vietnam": 0.05},
    "ES": {"es": 0.9, "fr": 0.1},
    "GB": {"gb": 0.9, "fr": 0.1},
    "DE": {"de": 0.9, "fr": 0.1},
    "IT": {"it": 0.9, "fr": 0.1},
}
OTHER_LANGUAGES = ["es", "de", "it", "pt", "nl", "zh", "ar", "ru", "ja", "pl"]
