// Telephony
