/** The one exception hierarchy of chatlog: unchecked, typed by what the caller can do. */
package dev.chatlog.error;
