import { contextBefore, isWordChar } from './chars.js';
import { contextWords, hasContextWord } from './context-words.js';

// The word checks of the numeric detectors (phone, SSN, IPv4), which run in WebAssembly and ask
// JavaScript for these: lower-casing and word sets over Unicode text are what strings do well.

/** Words that say a number is a phone number (en, de, fr, es, it, nl, pt, the Nordic languages, pl). */
export const PHONE_WORD_LIST: readonly string[] = [
  'phone', 'telephone', 'tel', 'call', 'called', 'mobile', 'cell', 'cellphone', 'fax', 'whatsapp', 'sms', 'text',
  'contact', 'reach', 'dial', 'number', 'hotline', 'ring', 'callback', 'handy', 'telefon', 'telefonnummer',
  'ruf', 'rufnummer', 'mobilnummer', 'nummer', 'anrufen', 'erreichen', 'zurückrufen', 'téléphone', 'tél', 'portable',
  'numéro', 'appeler', 'appelez', 'rappeler', 'joindre', 'teléfono', 'telefono', 'móvil', 'movil', 'llamar',
  'llámame', 'número', 'cellulare', 'numero', 'chiamare', 'chiamami', 'bellen', 'bel', 'mobiel',
  'telefoonnummer', 'ligue', 'ligar', 'celular', 'telemóvel', 'ringe', 'soita', 'puhelin', 'zadzwoń', 'telefonu',
];
const PHONE_WORDS = contextWords(PHONE_WORD_LIST);

/** Whether a phone word appears within 40 characters before `index`. */
export function hasPhoneContext(text: string, index: number): boolean {
  return hasContextWord(contextBefore(text, index, 40), PHONE_WORDS);
}

/** Words that say a number may be a parcel's tracking number (en, de, fr, es, it, nl, pt; carriers). */
export const TRACKING_WORD_LIST: readonly string[] = [
  'tracking', 'track', 'parcel', 'package', 'shipment', 'shipping', 'awb', 'waybill', 'consignment', 'courier',
  'carrier', 'sendung', 'paket', 'trackingnummer', 'suivi', 'colis', 'envío', 'envio', 'seguimiento', 'paquete',
  'pacco', 'spedizione', 'tracciamento', 'zending', 'pakket', 'encomenda', 'rastreio', 'ups', 'fedex', 'usps', 'dhl',
  'royal mail', 'parcelforce', 'gls', 'dpd', 'hermes', 'tnt', 'la poste', 'correos', 'postnl',
];
const TRACKING_WORDS = contextWords(TRACKING_WORD_LIST);

/** Whether a tracking or carrier word appears within 40 characters before `index`. */
export function hasTrackingContext(text: string, index: number): boolean {
  return hasContextWord(contextBefore(text, index, 40), TRACKING_WORDS);
}

/** Words that say the number that follows is a US social security number. */
export const SSN_WORD_LIST: readonly string[] = ['ssn', 'ssns', 'social security', 'soc sec', 'soc. sec', 'ss#', 'ss #', 'ss no', 'taxpayer id', 'sozialversicherungsnummer'];
const SSN_WORDS = contextWords(SSN_WORD_LIST);

/** Whether a social-security word appears within 48 characters before `index`. */
export function hasSsnContext(text: string, index: number): boolean {
  return hasContextWord(contextBefore(text, index, 48), SSN_WORDS);
}

/** Words skipped when looking for the word before a number (`invoice no. 0612…`, `order number is …`). */
export const FILLER_LIST: readonly string[] = ['n', 'no', 'nr', 'number', 'num', 'nummer', 'numéro', 'numero', 'número', 'code', 'codice', 'is', 'of', 'the', 'de', 'du', 'la', 'le', 'di', 'del'];
const FILLERS = new Set(FILLER_LIST);

/** Words after which a number is an identifier, not a card or phone number. */
export const IDENTIFIER_WORD_LIST: readonly string[] = [
  'order', 'orders', 'tracking', 'invoice', 'ticket', 'case', 'ref', 'reference', 'isbn', 'sku', 'po',
  'id', 'serial', 'transaction', 'txn', 'receipt', 'booking', 'confirmation', 'shipment', 'parcel',
  'bestellung', 'bestellnummer', 'rechnung', 'sendung', 'commande', 'facture', 'colis', 'pedido', 'factura',
  'ordine', 'fattura', 'bestelling', 'factuur', 'room', 'ext', 'port', 'build', 'version',
  // Parcels and carriers: the number after them is a tracking number, whatever its check digit.
  'suivi', 'seguimiento', 'awb', 'waybill', 'sendungsnummer', 'trackingnummer', 'paketnummer', 'package', 'colis',
  'pacco', 'paket', 'shipment', 'shipping', 'consignment', 'courier', 'envío', 'envio', 'spedizione', 'tracciamento',
  'zending', 'pakket', 'encomenda', 'rastreio', 'rastreamento', 'fedex', 'ups', 'usps', 'dhl', 'express', 'gls', 'dpd',
  'hermes', 'tnt', 'postnl', 'parcelforce', 'colissimo', 'correos',
];
const IDENTIFIER_WORDS = new Set(IDENTIFIER_WORD_LIST);

/** The lower-cased word before `index` (skipping spaces, `#:.` and filler words), for negative context. */
function precedingWord(text: string, index: number): string {
  let i = index;
  for (let hops = 0; hops < 3; hops++) {
    let skipped = 0;
    while (i > 0 && skipped < 4) {
      const c = text.charCodeAt(i - 1);
      // space # : . nbsp tab ( and the ° / º of `n°`
      if (c === 32 || c === 35 || c === 58 || c === 46 || c === 160 || c === 9 || c === 40 || c === 176 || c === 186) {
        i--;
        skipped++;
      } else break;
    }
    const wordEnd = i;
    while (i > 0 && wordEnd - i < 24 && isWordChar(text.charCodeAt(i - 1))) i--;
    const word = text.slice(i, wordEnd).toLowerCase();
    if (!FILLERS.has(word)) return word;
  }
  return '';
}

/** Whether the word before `index` says an identifier follows (`order 4111…`, `invoice no. 0612…`). */
export function hasIdentifierWordBefore(text: string, index: number): boolean {
  return IDENTIFIER_WORDS.has(precedingWord(text, index));
}

/** Words that introduce a version or build number, which is often a dotted quad too. */
export const VERSION_WORD_LIST: readonly string[] = ['version', 'ver', 'v', 'build', 'release', 'rev', 'revision', 'firmware', 'fw', 'python', 'node', 'sdk'];
const VERSION_WORDS = new Set(VERSION_WORD_LIST);

/** Whether the word right before `start` introduces a version (`version 1.2.3.4`). */
export function hasVersionWordBefore(text: string, start: number): boolean {
  let i = start;
  while (i > 0 && text.charCodeAt(i - 1) === 32) i--;
  const wordEnd = i;
  while (i > 0 && wordEnd - i < 12 && isWordChar(text.charCodeAt(i - 1))) i--;
  return wordEnd > i && VERSION_WORDS.has(text.slice(i, wordEnd).toLowerCase());
}
