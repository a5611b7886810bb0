/** What a screen reader says of the QR code. */
export const QR_LABEL = '二维码';
