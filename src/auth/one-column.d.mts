/** A regular expression source: strings of characters that are one column each and form no clusters. */
export declare const ONE_COLUMN_TEXT: string;
