// Sentence contexts in several languages, one slot `{}` each. Contexts are what people and systems
// write around a value in a prompt or a log line; some say what the value is, some do not.
// `{carrier}` is the carrier of the tracking number in the slot.

export const CONTEXTS = {
  PHONE: [
    'Call me at {} tomorrow.', 'My number is {}.', 'Reach the front desk on {} before 6pm.', 'Customer phone: {}',
    'Please text {} when you arrive.', '{} is the best number to reach her.', 'Contact: Ana ({})', 'He left {} as a callback.',
    'Ruf mich unter {} an.', 'Meine Handynummer lautet {}.', 'Telefon: {}', 'Bitte zurückrufen: {}',
    'Appelez-moi au {} demain.', 'Mon portable : {}', 'Tél. {}', 'Vous pouvez me joindre au {}.',
    'Llámame al {} por la tarde.', 'Mi móvil es {}.', 'Teléfono de contacto: {}',
    'Chiamami al {} domani.', 'Il mio cellulare è {}.', 'Bel me op {} na vijven.', 'Mijn nummer: {}',
    'Ligue para {} amanhã.', 'Meu celular é {}.', 'WhatsApp {}', 'Kindly call {} regarding the KYC update.',
    'Mobile no. {} is linked to the account.', 'お電話は {} まで。', 'Ring {} if the delivery is late.', 'Hotline {} (24/7).',
    'Ring mig på {}.', 'Soita numeroon {}.', 'Zadzwoń pod {}.',
  ],
  IBAN: [
    'Please transfer the deposit to {}.', 'IBAN: {}', 'Refund to account {} please.', 'Bankverbindung: {}',
    'Überweisung an {} bis Freitag.', 'Virement sur le compte {}', 'RIB / IBAN {}', 'Transferencia a {}',
    'Bonifico su {}', 'Rekeningnummer {}', 'Her IBAN is {} (personal account).', 'Payout account: {}', 'iban={}',
  ],
  EMAIL: ['Write to {} for the invoice.', 'E-Mail: {}', 'Courriel : {}', 'cc {} on the thread', 'Correo: {}'],
  IPV4: ['Login from {} was blocked.', 'client_ip={}', 'Zugriff von {} um Mitternacht.'],
  IPV6: ['Request from {} failed.', 'remote_addr={}'],
  CREDIT_CARD: ['Card number {} was declined.', 'Karte {} läuft bald ab.', 'Carte bancaire {}', 'Charge it to {}.'],
  US_SSN: ['SSN {} on file.', 'Social security number: {}'],
  TRACKING: [
    'Your parcel {} ships today.', 'Tracking number: {}', 'Track it with {} on the carrier site.', 'Sendungsnummer {}',
    'Ihre Sendung {} wurde zugestellt.', 'Numéro de suivi : {}', 'Votre colis {} est en route.', 'Número de seguimiento {}',
    'Il pacco {} è in consegna.', 'Trackingnummer {}', 'Shipment {} is out for delivery.', '{carrier} {}', '{carrier} tracking {}',
    '{carrier} label {} printed.', '{carrier} Sendung {}', 'Sent by {carrier}: {}', 'AWB {} departed the hub.', 'The package number is {}.',
  ],
  ISBN: ['ISBN {}', 'See the book (ISBN {}) for details.', 'Buch mit ISBN {} bestellt.', 'Order the title {} from the library.'],
  TIMESTAMP: [
    'Event at {} in the log.', 'ts={}', 'Created {}', 'Erstellt am {}.', 'Le {} à la banque.', 'Fecha: {}', 'Last seen {}.',
    '[{}] request completed', 'since {} no errors',
  ],
  VERSION: ['Upgraded to {} yesterday.', 'Running build {}.', 'SDK {} fixes the bug.', 'Windows {} on the laptop.', 'release {}'],
  ORDER: [
    'Order {} has shipped.', 'Invoice {} is overdue.', 'Bestellnummer {}', 'Rechnung Nr. {}', 'Commande {} confirmée.',
    'Facture n° {}', 'Pedido {} enviado.', 'Ordine {} in lavorazione.', 'Ticket {} was closed.', 'Customer ID {} merged.',
    'Reference: {}', 'Your booking {} is confirmed.',
  ],
};
